using Engram.Dreaming.Analysis;
using Engram.Review;

namespace Engram.Dreaming.Synthesis;

/// <summary>
/// Drafts the smallest edit that adds lines to a memory file: append to a file that exists (its line-break style
/// and trailing-newline convention kept), or create a missing one with a heading named after the file.
/// </summary>
internal static class MemoryEdits
{
    /// <summary>A modify that appends <paramref name="text"/> to <paramref name="file"/>, or a create of <paramref name="path"/> when there is no file.</summary>
    public static DraftProposal Append(StoreFile? file, string path, string text, string rationale, DreamOrigin origin)
    {
        var lines = text.Trim().Split('\n').Select(line => line.TrimEnd('\r', ' ', '\t')).ToList();
        if (file is null)
        {
            return new DraftProposal(Review.ProposalOperation.Create, path, null, null, null,
                $"# {Heading(path)}\n\n{string.Join('\n', lines)}\n", rationale, origin);
        }

        return new DraftProposal(Review.ProposalOperation.Modify, file.Path, file.MemoryId, file.ContentSha256, null, AppendLines(file.Content, lines), rationale, origin);
    }

    /// <summary><paramref name="content"/> followed by <paramref name="lines"/>, in its line-break style, ending with a line break only if it did (or was empty).</summary>
    public static string AppendLines(string content, IReadOnlyList<string> lines)
    {
        var newline = content.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var added = string.Join(newline, lines);
        return content.Length == 0 ? added + newline
            : content.EndsWith('\n') ? content + added + newline
            : content + newline + added;
    }

    /// <summary><c>/org/build-notes.md</c> gives <c>Build notes</c>.</summary>
    public static string Heading(string path)
    {
        var name = path[(path.LastIndexOf('/') + 1)..];
        var dot = name.LastIndexOf('.');
        var stem = (dot > 0 ? name[..dot] : name).Replace('-', ' ').Replace('_', ' ').Trim();
        return stem.Length == 0 ? "Notes" : char.ToUpperInvariant(stem[0]) + stem[1..];
    }
}
