using System.Text;
using Engram.Memories;

namespace Engram.MemoryTool;

/// <summary>
/// A path the agent named, checked and mapped into the store: <c>/memories/x/y.md</c> becomes
/// <c>{root}x/y.md</c>. <see cref="Display"/> is what the agent is shown; store paths never leave the handler.
/// </summary>
internal sealed record ToolPath(string Display, string Relative, string Root)
{
    /// <summary>The directory every agent path starts with.</summary>
    public const string Prefix = "/memories";

    /// <summary>True for <c>/memories</c> itself.</summary>
    public bool IsRoot => Relative.Length == 0;

    /// <summary>The memory path in the store (meaningless for the root, which is a prefix, not a memory).</summary>
    public string StorePath => Root + Relative;

    /// <summary>The prefix every memory below this path starts with in the store.</summary>
    public string StorePrefix => IsRoot ? Root : StorePath + "/";

    /// <summary>
    /// Checks an agent path: it must be <c>/memories</c> or start with <c>/memories/</c>, and may not hold a
    /// backslash, a percent-encoded dot, slash or backslash, a <c>.</c> or <c>..</c> segment, an empty segment
    /// (one trailing <c>/</c> is allowed, it names the same directory), or text that is not NFC.
    /// Returns null and the reason when it is refused.
    /// </summary>
    public static ToolPath? Parse(string path, string root, out string? refusal)
    {
        refusal = Refusal(path);
        if (refusal is not null)
        {
            return null;
        }

        var relative = path.Length > Prefix.Length ? path[(Prefix.Length + 1)..].TrimEnd('/') : "";
        var display = relative.Length == 0 ? Prefix : $"{Prefix}/{relative}";
        var mapped = new ToolPath(display, relative, root);
        if (!mapped.IsRoot && MemoryPath.FindBrokenRule(mapped.StorePath) is { } broken)
        {
            refusal = broken;
            return null;
        }

        return mapped;
    }

    /// <summary>The agent path of a store path under <paramref name="root"/>, or null when it lies outside.</summary>
    public static string? DisplayOf(string storePath, string root) =>
        storePath.StartsWith(root, StringComparison.Ordinal) && storePath.Length > root.Length
            ? $"{Prefix}/{storePath[root.Length..].TrimEnd('/')}"
            : null;

    /// <summary>
    /// How the memory tool names a store path, or a directory (ending in '/'), for text an agent reads before it calls the
    /// tool: <c>/org/a.md</c> is <c>/memories/org/a.md</c> and <c>/</c> is <c>/memories/</c> when <paramref name="root"/> is the store's root.
    /// </summary>
    public static string Shown(string storePath, string root)
    {
        if (storePath == root)
        {
            return Prefix + "/";
        }

        return DisplayOf(storePath, root) is { } shown ? (storePath.EndsWith('/') ? shown + "/" : shown) : storePath;
    }

    /// <summary>The agent path of a memory under <paramref name="root"/>.</summary>
    public static ToolPath OfStorePath(string storePath, string root) =>
        new($"{Prefix}/{storePath[root.Length..]}", storePath[root.Length..], root);

    /// <summary>This path with <paramref name="relative"/> (no leading '/') below it.</summary>
    public ToolPath Child(string relative) =>
        IsRoot ? new ToolPath($"{Prefix}/{relative}", relative, Root) : new ToolPath($"{Display}/{relative}", $"{Relative}/{relative}", Root);

    /// <summary>True when <paramref name="other"/> is this path or lies below it.</summary>
    public bool Contains(ToolPath other) =>
        IsRoot || other.Relative == Relative || other.Relative.StartsWith(Relative + "/", StringComparison.Ordinal);

    private static string? Refusal(string path)
    {
        if (path != Prefix && !path.StartsWith(Prefix + "/", StringComparison.Ordinal))
        {
            return $"every path must start with {Prefix}";
        }

        if (path.Contains('\\', StringComparison.Ordinal))
        {
            return "backslashes are not allowed";
        }

        foreach (var encoded in EncodedSeparators)
        {
            if (path.Contains(encoded, StringComparison.OrdinalIgnoreCase))
            {
                return "percent-encoded dots, slashes and backslashes are not allowed";
            }
        }

        if (UnicodeText.FindUnpairedSurrogate(path) >= 0)
        {
            return "the path must be valid Unicode";
        }

        if (!path.IsNormalized(NormalizationForm.FormC))
        {
            return "the path must be in Unicode normalization form C (NFC)";
        }

        var segments = path[1..].TrimEnd('/').Split('/');
        foreach (var segment in segments)
        {
            if (segment is "." or "..")
            {
                return "'.' and '..' segments are not allowed";
            }

            if (segment.Length == 0)
            {
                return "empty segments ('//') are not allowed";
            }
        }

        return path.EndsWith("//", StringComparison.Ordinal) ? "empty segments ('//') are not allowed" : null;
    }

    // The encodings of '.', '/' and '\': a path holding them could resolve elsewhere once someone decodes it.
    private static readonly string[] EncodedSeparators = ["%2e", "%2f", "%5c"];
}
