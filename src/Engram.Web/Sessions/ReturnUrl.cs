namespace Engram.Web.Sessions;

/// <summary>Where sign-in may send a person back to: a page of this UI, never another site.</summary>
internal static class ReturnUrl
{
    /// <summary>Where the UI starts.</summary>
    public const string Home = "/ui/proposals";

    /// <summary>
    /// <paramref name="url"/> when it is a local path under <c>/ui/</c> (with an optional query), else <see cref="Home"/>:
    /// no scheme or host, no <c>//</c> or backslash (browsers read both as another host), no control characters,
    /// no dot segments, and not the sign-in page itself.
    /// </summary>
    public static string Safe(string? url)
    {
        if (string.IsNullOrEmpty(url) || url.Length > 2048 || !url.StartsWith("/ui/", StringComparison.Ordinal))
        {
            return Home;
        }

        var path = url.Split('?', 2)[0];
        var unsafeChars = url.Any(c => char.IsControl(c) || c == '\\' || char.IsWhiteSpace(c));
        var dotSegments = path.Split('/').Any(s => s is "." or ".." || s.Contains('%', StringComparison.Ordinal));
        return unsafeChars || dotSegments || url.Contains("//", StringComparison.Ordinal) || url.Contains('#', StringComparison.Ordinal)
            || path.StartsWith("/ui/sign-", StringComparison.Ordinal)
            ? Home
            : url;
    }
}
