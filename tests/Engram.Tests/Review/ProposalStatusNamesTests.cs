using Engram.Errors;
using Engram.Review;

namespace Engram.Tests.Review;

public sealed class ProposalStatusNamesTests
{
    [Theory]
    [InlineData("pending", ProposalStatus.Pending)]
    [InlineData("accepted", ProposalStatus.Accepted)]
    [InlineData("rejected", ProposalStatus.Rejected)]
    [InlineData("conflicted", ProposalStatus.Conflicted)]
    [InlineData("applied", ProposalStatus.Applied)]
    public void Each_status_is_read_by_its_lowercase_name_and_named_by_it(string name, ProposalStatus status)
    {
        Assert.Equal(status, ProposalStatusNames.ParseFilter(name, "status", whenAbsent: null));
        Assert.Equal(name, ProposalStatusNames.Of(status));
    }

    [Fact]
    public void All_is_any_status_and_an_absent_filter_is_the_faces_default()
    {
        Assert.Null(ProposalStatusNames.ParseFilter("all", "status", whenAbsent: ProposalStatus.Pending));
        Assert.Null(ProposalStatusNames.ParseFilter(null, "status", whenAbsent: null));
        Assert.Equal(ProposalStatus.Pending, ProposalStatusNames.ParseFilter(null, "--status", whenAbsent: ProposalStatus.Pending));
    }

    [Theory]
    [InlineData("Pending")]
    [InlineData("PENDING")]
    [InlineData("3")]
    [InlineData("")]
    [InlineData("open")]
    public void Anything_else_is_refused_naming_the_field_and_every_word_it_takes(string text)
    {
        var refused = Assert.Throws<InvalidRequestException>(() => ProposalStatusNames.ParseFilter(text, "--status", whenAbsent: ProposalStatus.Pending));

        Assert.Equal("--status", refused.Field);
        Assert.Equal($"must be pending, accepted, rejected, conflicted, applied or all (got \"{text}\")", refused.Rule);
    }
}
