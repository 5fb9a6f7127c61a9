using Markdig;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Engram.Web.Memories;

/// <summary>
/// Renders a memory's markdown as HTML that is safe to put in a page: memory content is data agents wrote, so raw
/// HTML is never passed through (it is shown as text), links and images keep only http, https (and mailto for links)
/// or a path (anything else, such as <c>javascript:</c> or <c>data:</c>, becomes plain text), and links to other
/// memories (a path, absolute or relative to the memory's folder) open them in this UI.
/// </summary>
internal static class SafeMarkdown
{
    /// <summary>Link schemes kept; every other scheme is dropped with its link.</summary>
    private static readonly string[] LinkSchemes = ["http", "https", "mailto"];

    /// <summary>Image schemes kept (the page's content security policy still blocks images from other hosts).</summary>
    private static readonly string[] ImageSchemes = ["http", "https"];

    /// <summary>
    /// CommonMark with tables, task lists, strikethrough and bare URLs as links; raw HTML off. No extension that
    /// lets the text set HTML attributes (generic attributes) is used.
    /// </summary>
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseTaskLists()
        .UseEmphasisExtras()
        .UseAutoLinks()
        .DisableHtml()
        .Build();

    /// <summary>
    /// The HTML of <paramref name="markdown"/>. <paramref name="memoryLink"/> turns a memory path a link points at
    /// (resolved against <paramref name="memoryPath"/>'s folder) into the URL of its page; without it such links stay as written.
    /// </summary>
    public static string ToHtml(string markdown, string memoryPath = "/", Func<string, string>? memoryLink = null)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var link in document.Descendants<LinkInline>().ToList())
        {
            Secure(link, memoryPath, memoryLink);
        }

        foreach (var autolink in document.Descendants<AutolinkInline>().ToList())
        {
            if (!autolink.IsEmail && !Allowed(autolink.Url, LinkSchemes))
            {
                autolink.ReplaceBy(new LiteralInline(autolink.Url));
            }
        }

        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(document);
        writer.Flush();
        return writer.ToString();
    }

    private static void Secure(LinkInline link, string memoryPath, Func<string, string>? memoryLink)
    {
        var url = link.GetDynamicUrl?.Invoke() ?? link.Url ?? "";
        link.GetDynamicUrl = null;
        if (!Allowed(url, link.IsImage ? ImageSchemes : LinkSchemes))
        {
            Unwrap(link);
            return;
        }

        if (link.IsImage)
        {
            return;
        }

        if (memoryLink is not null && Scheme(url) is null && !url.StartsWith('#') && !url.StartsWith("//", StringComparison.Ordinal)
            && MemoryTarget(memoryPath, url) is { } target)
        {
            link.Url = memoryLink(target);
            return;
        }

        if (Scheme(url) is not null || url.StartsWith("//", StringComparison.Ordinal))
        {
            link.GetAttributes().AddPropertyIfNotExist("rel", "nofollow noopener noreferrer");
        }
    }

    /// <summary>Replaces a link or image by what it holds (its text, an image's alt text), so only the words remain.</summary>
    private static void Unwrap(LinkInline link)
    {
        var child = link.FirstChild;
        while (child is not null)
        {
            var next = child.NextSibling;
            child.Remove();
            link.InsertBefore(child);
            child = next;
        }

        link.Remove();
    }

    /// <summary>True for a URL without a scheme (a path or a fragment), or with one of <paramref name="schemes"/>.</summary>
    internal static bool Allowed(string url, string[] schemes) => Scheme(url) is not { } scheme || schemes.Contains(scheme, StringComparer.Ordinal);

    /// <summary>
    /// The scheme a browser would see, lower case, or null for a relative URL. Browsers drop whitespace and control
    /// characters inside a scheme (<c>java&#9;script:</c>), so they are dropped here before looking.
    /// </summary>
    internal static string? Scheme(string url)
    {
        var cleaned = new string([.. url.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c))]);
        var colon = cleaned.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return null;
        }

        var delimiter = cleaned.IndexOfAny(['/', '?', '#']);
        return delimiter >= 0 && delimiter < colon ? null : cleaned[..colon].ToLowerInvariant();
    }

    /// <summary>The memory path a relative or absolute link names from <paramref name="from"/>, or null when it climbs above the root.</summary>
    internal static string? MemoryTarget(string from, string url)
    {
        var path = url.Split('#', 2)[0].Split('?', 2)[0];
        if (path.Length == 0)
        {
            return null;
        }

        var folder = from[..(from.LastIndexOf('/') + 1)];
        var segments = new List<string>();
        foreach (var segment in (path.StartsWith('/') ? path : folder + path).Split('/'))
        {
            if (segment is "" or ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (segments.Count == 0)
                {
                    return null;
                }

                segments.RemoveAt(segments.Count - 1);
                continue;
            }

            segments.Add(Uri.UnescapeDataString(segment));
        }

        return segments.Count == 0 ? null : "/" + string.Join('/', segments);
    }
}
