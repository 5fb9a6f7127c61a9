using Engram.Dreaming.Dreams;
using Engram.Errors;

namespace Engram.Tests.Dreaming.Dreams;

public sealed class DreamStatusNamesTests
{
    [Fact]
    public void Each_status_is_read_back_from_its_name()
    {
        foreach (var status in Enum.GetValues<DreamStatus>())
        {
            Assert.Equal(status, DreamStatusNames.Parse(DreamStatusNames.Of(status), "statuses"));
        }

        Assert.Equal(Enum.GetValues<DreamStatus>().Order(), DreamStatusNames.Statuses.Order());
    }

    [Theory]
    [InlineData("Running")]
    [InlineData("2")]
    [InlineData("dreaming")]
    public void Anything_else_is_refused_naming_the_field(string text)
    {
        var refused = Assert.Throws<InvalidRequestException>(() => DreamStatusNames.Parse(text, "--status"));

        Assert.Equal(("--status", $"must be pending, running, completed, failed or canceled (got \"{text}\")"), (refused.Field, refused.Rule));
        Assert.Null(DreamStatusNames.Find(text));
    }
}
