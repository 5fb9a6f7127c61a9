using DiffPlex;

namespace Engram.Review;

/// <summary>
/// A line-based three-way merge of a proposal onto content that moved since the proposal was made: the changes
/// from the base to the current content and from the base to the proposed content are combined when they touch
/// different lines. Two pure insertions at the same point do not conflict: the current text's lines come first,
/// then the proposal's lines the current text does not already contain (two notes appended to one file, or a
/// proposed file onto a path someone created meanwhile, where the base is empty). Changes or deletions of the
/// same lines conflict, and then there is no merge.
/// </summary>
internal static class ThreeWayMerge
{
    /// <summary>The merged memory content, or null when the changes overlap or the result would be too large for a memory.</summary>
    public static string? MergeContent(string baseText, string current, string proposed) =>
        Merge(baseText, current, proposed) is { } merged && System.Text.Encoding.UTF8.GetByteCount(merged) <= Engram.Memories.MemoryContent.MaxBytes ? merged : null;

    /// <summary>The merged text, or null when the two sets of changes overlap.</summary>
    public static string? Merge(string baseText, string current, string proposed)
    {
        var lines = LineText.Of(baseText);
        var ours = Hunks(baseText, current);
        var theirs = Hunks(baseText, proposed);
        var currentLines = LineText.Of(current);
        var known = currentLines.Lines.ToHashSet(StringComparer.Ordinal);
        var edits = new List<Hunk>(ours.Count + theirs.Count);
        var next = 0;
        foreach (var ourHunk in ours)
        {
            var edit = ourHunk;
            for (var j = next; j < theirs.Count && theirs[j].Start <= ourHunk.End; j++)
            {
                var theirHunk = theirs[j];
                if (theirHunk.Taken)
                {
                    continue;
                }

                if (theirHunk.SameAs(ourHunk))
                {
                    theirs[j] = theirHunk with { Taken = true };
                }
                else if (theirHunk.IsInsertion && ourHunk.IsInsertion && theirHunk.Start == ourHunk.Start)
                {
                    edit = edit with { Lines = [.. edit.Lines, .. Unknown(theirHunk.Lines, known)] };
                    theirs[j] = theirHunk with { Taken = true };
                }
                else if (ourHunk.Overlaps(theirHunk))
                {
                    return null;
                }
            }

            while (next < theirs.Count && theirs[next].End < ourHunk.Start)
            {
                next++;
            }

            edits.Add(edit);
        }

        edits.AddRange(theirs.Where(h => !h.Taken));
        edits.Sort(static (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.Length.CompareTo(b.Length));
        var merged = new List<string>(lines.Lines.Length);
        var position = 0;
        foreach (var edit in edits)
        {
            merged.AddRange(lines.Lines[position..edit.Start]);
            merged.AddRange(edit.Lines);
            position = edit.End;
        }

        merged.AddRange(lines.Lines[position..]);
        // Emptied text has no last line to end, so it leaves the final newline as the base had it.
        var currentEnds = currentLines.Lines.Length == 0 ? lines.TrailingNewline : currentLines.TrailingNewline;
        var proposedText = LineText.Of(proposed);
        var proposedEnds = proposedText.Lines.Length == 0 ? lines.TrailingNewline : proposedText.TrailingNewline;
        var trailingNewline = lines.TrailingNewline == currentEnds ? proposedEnds : currentEnds;
        return new LineText([.. merged], trailingNewline).ToString();
    }

    /// <summary>The proposal's inserted lines the current text lacks; blank lines stay unless nothing else does.</summary>
    private static string[] Unknown(string[] inserted, HashSet<string> known)
    {
        var kept = inserted.Where(line => string.IsNullOrWhiteSpace(line) || !known.Contains(line)).ToArray();
        return kept.All(string.IsNullOrWhiteSpace) ? [] : kept;
    }

    /// <summary>The changes from <paramref name="baseText"/> to <paramref name="changed"/>, in base order.</summary>
    private static List<Hunk> Hunks(string baseText, string changed)
    {
        var result = Differ.Instance.CreateDiffs(baseText, changed, ignoreWhiteSpace: false, ignoreCase: false, LineChunker.Instance);
        return result.DiffBlocks
            .Select(block => new Hunk(block.DeleteStartA, block.DeleteCountA, result.PiecesNew.Skip(block.InsertStartB).Take(block.InsertCountB).ToArray()))
            .ToList();
    }

    /// <summary>Base lines [Start, Start + Length) replaced by <see cref="Lines"/>; a length of zero inserts before line Start.</summary>
    private sealed record Hunk(int Start, int Length, string[] Lines, bool Taken = false)
    {
        public int End => Start + Length;

        public bool IsInsertion => Length == 0;

        public bool SameAs(Hunk other) => Start == other.Start && Length == other.Length && Lines.AsSpan().SequenceEqual(other.Lines);

        /// <summary>True when both touch a base line, or one inserts strictly inside the other's lines.</summary>
        public bool Overlaps(Hunk other) =>
            (Length, other.Length) switch
            {
                (0, 0) => Start == other.Start,
                (0, _) => other.Start < Start && Start < other.End,
                (_, 0) => Start < other.Start && other.Start < End,
                _ => Start < other.End && other.Start < End,
            };
    }

    /// <summary>Splits only on <c>\n</c>, so a <c>\r</c> stays part of its line and the text round-trips.</summary>
    private sealed class LineChunker : IChunker
    {
        public static readonly LineChunker Instance = new();

        public IReadOnlyList<string> Chunk(string text) => LineText.Of(text).Lines;
    }
}

/// <summary>Text as lines without their <c>\n</c>, and whether the last line ended with one.</summary>
/// <param name="Lines">The lines; none for empty text.</param>
/// <param name="TrailingNewline">The text ends with <c>\n</c>.</param>
internal sealed record LineText(string[] Lines, bool TrailingNewline)
{
    /// <summary>The lines of <paramref name="text"/>.</summary>
    public static LineText Of(string text)
    {
        if (text.Length == 0)
        {
            return new LineText([], false);
        }

        var trailing = text[^1] == '\n';
        return new LineText((trailing ? text[..^1] : text).Split('\n'), trailing);
    }

    /// <summary>The text again.</summary>
    public override string ToString() => Lines.Length == 0 ? "" : string.Join('\n', Lines) + (TrailingNewline ? "\n" : "");
}
