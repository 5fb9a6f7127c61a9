using Engram.Errors;
using Engram.Client;

namespace Engram.Tests.Client;

public sealed class TimeInputTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("7d", "2026-03-03T12:00:00Z")]
    [InlineData("12h", "2026-03-10T00:00:00Z")]
    [InlineData(" 30m ", "2026-03-10T11:30:00Z")]
    [InlineData("2026-01-31T09:00Z", "2026-01-31T09:00:00Z")]
    [InlineData("2026-01-31T09:00:00+02:00", "2026-01-31T07:00:00Z")]
    [InlineData("2026-01-31", "2026-01-31T00:00:00Z")]
    public void A_relative_or_absolute_time_is_read_as_the_cli_reads_since(string text, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), TimeInput.Parse(text, Now, "since"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Nothing_typed_is_no_time(string? text) => Assert.Null(TimeInput.Parse(text, Now, "since"));

    [Theory]
    [InlineData("yesterday")]
    [InlineData("7w")]
    [InlineData("-7d")]
    [InlineData("99999999999d")]
    public void Anything_else_is_refused_naming_the_field(string text)
    {
        var error = Assert.Throws<InvalidRequestException>(() => TimeInput.Parse(text, Now, "until"));

        Assert.Equal("until", error.Field);
    }
}
