using DiffPlex.Renderer;

namespace Engram.Memories;

/// <summary>Unified diffs of memory content (what reviewers and <c>engram diff</c> read).</summary>
internal static class UnifiedDiff
{
    /// <summary>Lines of context around each change.</summary>
    public const int ContextLines = 3;

    /// <summary>
    /// A unified diff from <paramref name="before"/> to <paramref name="after"/>, whitespace and case
    /// significant; empty when the texts are equal.
    /// </summary>
    public static string Create(string before, string after, string beforeLabel, string afterLabel)
    {
        if (string.Equals(before, after, StringComparison.Ordinal))
        {
            return "";
        }

        var body = UnidiffRenderer.GenerateUnidiff(before, after, beforeLabel, afterLabel, ignoreWhitespace: false, ignoreCase: false, contextLines: ContextLines);
        return body.EndsWith('\n') ? body : body + "\n";
    }
}
