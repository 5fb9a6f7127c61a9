using Engram.Web.Sessions;

namespace Engram.Web.Tests.Sessions;

public sealed class ReturnUrlTests
{
    [Theory]
    [InlineData("/ui/proposals")]
    [InlineData("/ui/proposals/prop_01abc?in=memstore_01x&status=all")]
    [InlineData("/ui/sessions/sesn_01abc?around=3")]
    [InlineData("/ui/proposals?q=a%20b")]
    public void A_page_of_the_ui_is_kept(string url) => Assert.Equal(url, ReturnUrl.Safe(url));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("https://evil.example/ui/proposals")]
    [InlineData("//evil.example/ui/")]
    [InlineData("/\\evil.example")]
    [InlineData("/ui//evil.example")]
    [InlineData("/ui/\\evil.example")]
    [InlineData("/v1/memory_stores")]
    [InlineData("/")]
    [InlineData("ui/proposals")]
    [InlineData("/ui/../v1/memory_stores")]
    [InlineData("/ui/%2e%2e/v1")]
    [InlineData("/ui/proposals\r\nLocation: https://evil.example")]
    [InlineData("/ui/proposals\tx")]
    [InlineData("/ui/sign-in?return=/ui/proposals")]
    [InlineData("/ui/sign-out")]
    [InlineData("/ui/proposals#x")]
    [InlineData("javascript:alert(1)")]
    public void Anything_else_goes_to_the_inbox(string? url) => Assert.Equal(ReturnUrl.Home, ReturnUrl.Safe(url));

    [Fact]
    public void A_very_long_url_goes_to_the_inbox() => Assert.Equal(ReturnUrl.Home, ReturnUrl.Safe("/ui/proposals?q=" + new string('a', 3000)));
}
