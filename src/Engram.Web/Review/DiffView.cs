using System.Globalization;
using DiffPlex;
using DiffPlex.Chunkers;

namespace Engram.Web.Review;

/// <summary>How a line of a diff reads.</summary>
internal enum DiffLineKind
{
    /// <summary>Unchanged context.</summary>
    Context,
    /// <summary>Only in the memory as it is.</summary>
    Removed,
    /// <summary>Only in the proposal.</summary>
    Added,
    /// <summary>A hunk or file header.</summary>
    Header,
}

/// <summary>A run of a line's text, marked when the word diff found it changed.</summary>
internal sealed record DiffSegment(string Text, bool Changed);

/// <summary>One line of a rendered diff, with its line numbers on either side and its word-level segments.</summary>
internal sealed record DiffLine(DiffLineKind Kind, int? OldNumber, int? NewNumber, IReadOnlyList<DiffSegment> Segments)
{
    /// <summary>The line's text.</summary>
    public string Text => string.Concat(Segments.Select(s => s.Text));
}

/// <summary>
/// A unified diff (as the library writes it for a proposal) read into lines, with each removed line paired to the
/// added line that replaced it and the words that changed between them marked (DiffPlex's word diff).
/// </summary>
internal static class DiffView
{
    /// <summary>What separates words for the word diff: spaces and the punctuation around code and paths.</summary>
    private static readonly char[] WordSeparators = [' ', '\t', '.', ',', ';', ':', '(', ')', '[', ']', '{', '}', '`', '\'', '"', '/', '=', '-', '*', '#'];

    /// <summary>The lines of <paramref name="unifiedDiff"/>; empty when it is empty.</summary>
    public static IReadOnlyList<DiffLine> Parse(string unifiedDiff)
    {
        var lines = new List<DiffLine>();
        var removed = new List<(string Text, int Number)>();
        var added = new List<(string Text, int Number)>();
        int oldNumber = 0, newNumber = 0;
        foreach (var raw in unifiedDiff.Split('\n'))
        {
            if (IsFileHeader(raw))
            {
                Flush(lines, removed, added);
                lines.Add(new DiffLine(DiffLineKind.Header, null, null, [new DiffSegment(raw, false)]));
            }
            else if (raw.StartsWith("@@", StringComparison.Ordinal))
            {
                Flush(lines, removed, added);
                (oldNumber, newNumber) = HunkStart(raw);
                lines.Add(new DiffLine(DiffLineKind.Header, null, null, [new DiffSegment(raw, false)]));
            }
            else if (raw.StartsWith('-'))
            {
                removed.Add((raw[1..], oldNumber++));
            }
            else if (raw.StartsWith('+'))
            {
                added.Add((raw[1..], newNumber++));
            }
            else if (raw.StartsWith(' ') || (raw.Length == 0 && oldNumber > 0))
            {
                Flush(lines, removed, added);
                if (raw.Length > 0)
                {
                    lines.Add(new DiffLine(DiffLineKind.Context, oldNumber++, newNumber++, [new DiffSegment(raw[1..], false)]));
                }
            }
        }

        Flush(lines, removed, added);
        return lines;
    }

    /// <summary>Emits a run of removed lines and the added lines after it, pairing them line by line for the word diff.</summary>
    private static void Flush(List<DiffLine> lines, List<(string Text, int Number)> removed, List<(string Text, int Number)> added)
    {
        var pairs = Math.Min(removed.Count, added.Count);
        var oldSegments = new List<IReadOnlyList<DiffSegment>>();
        var newSegments = new List<IReadOnlyList<DiffSegment>>();
        for (var i = 0; i < pairs; i++)
        {
            var (before, after) = Words(removed[i].Text, added[i].Text);
            oldSegments.Add(before);
            newSegments.Add(after);
        }

        for (var i = 0; i < removed.Count; i++)
        {
            lines.Add(new DiffLine(DiffLineKind.Removed, removed[i].Number, null, i < pairs ? oldSegments[i] : [new DiffSegment(removed[i].Text, false)]));
        }

        for (var i = 0; i < added.Count; i++)
        {
            lines.Add(new DiffLine(DiffLineKind.Added, null, added[i].Number, i < pairs ? newSegments[i] : [new DiffSegment(added[i].Text, false)]));
        }

        removed.Clear();
        added.Clear();
    }

    /// <summary>The two lines cut into runs, the runs that differ marked.</summary>
    private static (IReadOnlyList<DiffSegment> Before, IReadOnlyList<DiffSegment> After) Words(string before, string after)
    {
        var result = Differ.Instance.CreateDiffs(before, after, ignoreWhiteSpace: false, ignoreCase: false, new DelimiterChunker(WordSeparators));
        var deleted = new bool[result.PiecesOld.Count];
        var inserted = new bool[result.PiecesNew.Count];
        foreach (var block in result.DiffBlocks)
        {
            for (var i = 0; i < block.DeleteCountA; i++)
            {
                deleted[block.DeleteStartA + i] = true;
            }

            for (var i = 0; i < block.InsertCountB; i++)
            {
                inserted[block.InsertStartB + i] = true;
            }
        }

        return (Runs(result.PiecesOld, deleted), Runs(result.PiecesNew, inserted));
    }

    /// <summary>Joins neighbouring pieces with the same mark, so a changed phrase is one highlight.</summary>
    private static List<DiffSegment> Runs(IReadOnlyList<string> pieces, bool[] changed)
    {
        var runs = new List<DiffSegment>();
        for (var i = 0; i < pieces.Count; i++)
        {
            if (runs.Count > 0 && runs[^1].Changed == changed[i])
            {
                runs[^1] = runs[^1] with { Text = runs[^1].Text + pieces[i] };
            }
            else
            {
                runs.Add(new DiffSegment(pieces[i], changed[i]));
            }
        }

        return runs;
    }

    /// <summary>A file header as the library labels them (<c>--- a/path (current)</c>, <c>+++ b/path (prop_...)</c>, <c>/dev/null</c>), not a line that starts with dashes.</summary>
    private static bool IsFileHeader(string raw) =>
        raw.StartsWith("--- a/", StringComparison.Ordinal) || raw.StartsWith("+++ b/", StringComparison.Ordinal)
        || raw is "--- /dev/null" or "+++ /dev/null";

    /// <summary>The first old and new line numbers of a hunk header <c>@@ -a,b +c,d @@</c>.</summary>
    private static (int Old, int New) HunkStart(string header)
    {
        var parts = header.Split(' ');
        static int Start(string part) => int.TryParse(part[1..].Split(',')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? Math.Max(n, 1) : 1;
        return parts.Length > 2 ? (Start(parts[1]), Start(parts[2])) : (1, 1);
    }
}
