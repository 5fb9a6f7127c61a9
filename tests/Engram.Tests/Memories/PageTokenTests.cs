using Engram.Errors;
using Engram.Memories;
using Engram.Storage;

namespace Engram.Tests.Memories;

public sealed class PageTokenTests
{
    [Fact]
    public void Tokens_round_trip()
    {
        var cursor = new TimeIdCursor(new DateTimeOffset(2026, 11, 25, 3, 0, 0, TimeSpan.Zero).AddTicks(1234560), "memver_X");
        Assert.Equal(cursor, PageToken.ParseTimeId(PageToken.For(cursor)));
        var bound = new PathBound("/a|b/ü", Inclusive: true);
        Assert.Equal(bound, PageToken.ParsePath(PageToken.For(bound)));
    }

    [Theory]
    [InlineData("garbage!!")]
    [InlineData("dA")]
    [InlineData("cHwxfC9h")] // "p|1|/a" is a path token, not a time token
    public void Foreign_tokens_are_refused_naming_page(string token) =>
        Assert.Equal("page", Assert.Throws<InvalidRequestException>(() => PageToken.ParseTimeId(token)).Field);

    [Fact]
    public void A_time_token_is_not_a_path_token() =>
        Assert.Throws<InvalidRequestException>(() => PageToken.ParsePath(PageToken.For(new TimeIdCursor(DateTimeOffset.UnixEpoch, "x"))));
}
