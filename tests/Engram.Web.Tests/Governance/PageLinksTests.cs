using Engram.Web.Governance;
using Microsoft.AspNetCore.Http;

namespace Engram.Web.Tests.Governance;

public sealed class PageLinksTests
{
    private static HttpRequest Request(string path, string query)
    {
        var context = new DefaultHttpContext();
        context.Request.Path = path;
        context.Request.QueryString = new QueryString(query);
        return context.Request;
    }

    [Fact]
    public void The_next_page_keeps_the_filters_and_replaces_the_page_token()
    {
        var request = Request("/ui/audit", "?action=key.revoke&denied=true&page=old&store=");

        Assert.Equal("/ui/audit?action=key.revoke&denied=true&page=next%2B1", PageLinks.At(request, "next+1"));
    }

    [Fact]
    public void The_first_page_drops_the_token_and_a_form_handler()
    {
        var request = Request("/ui/sessions", "?agent=deployer&page=abc&handler=end");

        Assert.Equal("/ui/sessions?agent=deployer", PageLinks.At(request, null));
        Assert.Equal("/ui/sessions", PageLinks.At(Request("/ui/sessions", "?page=abc"), null));
    }
}
