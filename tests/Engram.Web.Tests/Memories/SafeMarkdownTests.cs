using System.Text.RegularExpressions;
using Engram.Web.Memories;

namespace Engram.Web.Tests.Memories;

public sealed partial class SafeMarkdownTests
{
    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("text <script>alert(1)</script> inline")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("a <b onmouseover=\"alert(1)\">bold</b>")]
    [InlineData("<iframe src=\"https://evil.example\"></iframe>")]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>")]
    [InlineData("<svg><script>alert(1)</script></svg>")]
    public void Raw_html_is_shown_as_text_never_passed_through(string markdown)
    {
        var html = SafeMarkdown.ToHtml(markdown);

        AssertInert(html);
        Assert.Contains("&lt;", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[click me](javascript:alert(1))")]
    [InlineData("[click me](JaVaScRiPt:alert(1))")]
    [InlineData("[click me](&#106;avascript:alert(1))")]
    [InlineData("[click me](<java\tscript:alert(1)>)")]
    [InlineData("[click me](vbscript:msgbox(1))")]
    [InlineData("[click me](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)")]
    [InlineData("[click me][ref]\n\n[ref]: javascript:alert(1)")]
    [InlineData("[click me](file:///etc/passwd)")]
    public void A_link_to_a_script_or_data_url_keeps_its_words_and_loses_its_link(string markdown)
    {
        var html = SafeMarkdown.ToHtml(markdown);

        AssertInert(html);
        Assert.DoesNotContain("<a", html, StringComparison.Ordinal);
        Assert.Contains("click me", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<javascript:alert(1)>")]
    [InlineData("![diagram](javascript:alert(1))")]
    [InlineData("![diagram](data:image/svg+xml;base64,PHN2Zy8+)")]
    public void Autolinks_and_images_with_other_schemes_become_text(string markdown)
    {
        var html = SafeMarkdown.ToHtml(markdown);

        AssertInert(html);
        Assert.DoesNotContain("<a", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Attributes_cannot_be_smuggled_through_titles_or_attribute_syntax()
    {
        var html = SafeMarkdown.ToHtml("# Heading {onclick=alert(1)}\n\n[x](https://example.com \"t\\\" onmouseover=\\\"alert(1)\")\n");

        AssertInert(html);
        Assert.Contains("<h1>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Web_links_are_kept_and_marked_nofollow_and_markdown_renders()
    {
        var html = SafeMarkdown.ToHtml("# Deploys\n\n- [x] run **tests**\n- see [the docs](https://example.com/docs) or <https://example.com>\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n`code <b>`\n");

        Assert.Contains("<h1>Deploys</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<strong>tests</strong>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://example.com/docs\" rel=\"nofollow noopener noreferrer\"", html, StringComparison.Ordinal);
        Assert.Contains("<table>", html, StringComparison.Ordinal);
        Assert.Contains("type=\"checkbox\"", html, StringComparison.Ordinal);
        Assert.Contains("<code>code &lt;b&gt;</code>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Links_to_other_memories_open_them_in_the_ui()
    {
        static string Link(string path) => "/ui/memory?path=" + Uri.EscapeDataString(path);

        var html = SafeMarkdown.ToHtml("[a](../ops/deploy.md) [b](/org/x.md#part) [c](#here) [d](../../../../up.md)", "/org/team/notes.md", Link);

        Assert.Contains("href=\"/ui/memory?path=%2Forg%2Fops%2Fdeploy.md\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/ui/memory?path=%2Forg%2Fx.md\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"#here\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"../../../../up.md\"", html, StringComparison.Ordinal); // above the root: left as written
    }

    [Theory]
    [InlineData("https://x", "https")]
    [InlineData(" JAVA\nSCRIPT:x", "javascript")]
    [InlineData("/path:with/colon", null)]
    [InlineData("notes.md", null)]
    [InlineData("?q=a:b", null)]
    [InlineData("mailto:a@b.c", "mailto")]
    public void The_scheme_is_what_a_browser_would_see(string url, string? scheme) => Assert.Equal(scheme, SafeMarkdown.Scheme(url));

    /// <summary>No script element, no event-handler attribute, no href or src with a script or data scheme.</summary>
    private static void AssertInert(string html)
    {
        Assert.DoesNotMatch(ScriptTag(), html);
        Assert.DoesNotMatch(EventHandler(), QuotedValue().Replace(html, "\"\"")); // an attribute's (escaped) value may say anything
        Assert.DoesNotContain("onmouseover=\"", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(ScriptUrl(), html);
        Assert.DoesNotContain("<iframe", html, StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex("\"[^\"]*\"")]
    private static partial Regex QuotedValue();

    [GeneratedRegex("<script", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptTag();

    [GeneratedRegex(@"<[a-z][^>]*\son[a-z]+\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex EventHandler();

    [GeneratedRegex(@"(href|src)\s*=\s*""?\s*(javascript|vbscript|data|file):", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptUrl();
}
