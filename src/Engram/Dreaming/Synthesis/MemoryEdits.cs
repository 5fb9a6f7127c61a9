using Engram.Dreaming.Analysis;
using Engram.Memories;
using Engram.Review;

namespace Engram.Dreaming.Synthesis;

/// <summary>
/// Drafts the smallest edit that adds lines to a memory file, in the section they belong to
/// (<see cref="MarkdownSections"/>); or a new file with a heading named after it.
/// </summary>
internal static class MemoryEdits
{
    /// <summary>A modify that adds <paramref name="text"/> to <paramref name="file"/> under <paramref name="section"/>, or a create of <paramref name="path"/> when there is no file.</summary>
    public static DraftProposal Append(StoreFile? file, string path, string? section, string text, string rationale, DreamOrigin origin)
    {
        var lines = text.Trim().Split('\n').Select(line => line.TrimEnd('\r', ' ', '\t')).ToList();
        if (file is null)
        {
            var body = section is null ? string.Join('\n', lines) : $"## {section}\n\n{string.Join('\n', lines)}";
            return new DraftProposal(ProposalOperation.Create, path, null, null, null, $"# {Heading(path)}\n\n{body}\n", rationale, origin);
        }

        return new DraftProposal(ProposalOperation.Modify, file.Path, file.MemoryId, file.ContentSha256, null, MarkdownSections.AddUnder(file.Content, section, lines), rationale, origin);
    }

    /// <summary><paramref name="content"/> followed by <paramref name="lines"/> (<see cref="MarkdownSections.AppendLines"/>).</summary>
    public static string AppendLines(string content, IReadOnlyList<string> lines) => MarkdownSections.AppendLines(content, lines);

    /// <summary><c>/org/build-notes.md</c> gives <c>Build notes</c>.</summary>
    public static string Heading(string path)
    {
        var name = path[(path.LastIndexOf('/') + 1)..];
        var dot = name.LastIndexOf('.');
        var stem = (dot > 0 ? name[..dot] : name).Replace('-', ' ').Replace('_', ' ').Trim();
        return stem.Length == 0 ? "Notes" : char.ToUpperInvariant(stem[0]) + stem[1..];
    }
}
