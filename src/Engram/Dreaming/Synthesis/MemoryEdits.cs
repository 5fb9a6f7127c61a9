using System.Text.RegularExpressions;
using Engram.Dreaming.Analysis;
using Engram.Review;

namespace Engram.Dreaming.Synthesis;

/// <summary>
/// Drafts the smallest edit that adds lines to a memory file, in the section they belong to: at the end of that
/// section when the file has it (a heading with the same words, any level), else in a new section at the file's end
/// (its line-break style and trailing-newline convention kept); or a new file with a heading named after it.
/// </summary>
internal static partial class MemoryEdits
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

        return new DraftProposal(ProposalOperation.Modify, file.Path, file.MemoryId, file.ContentSha256, null, AddUnder(file.Content, section, lines), rationale, origin);
    }

    /// <summary><paramref name="content"/> with <paramref name="lines"/> at the end of <paramref name="section"/> (made at the end when missing), or at the end when no section is named.</summary>
    public static string AddUnder(string content, string? section, IReadOnlyList<string> lines)
    {
        if (section is null)
        {
            return AppendLines(content, lines);
        }

        var newline = content.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var rows = content.Split('\n').Select(row => row.TrimEnd('\r')).ToList();
        var trailing = content.EndsWith('\n');
        if (trailing)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        var (start, level) = FindHeading(rows, section);
        if (start < 0)
        {
            while (rows.Count > 0 && rows[^1].Trim().Length == 0)
            {
                rows.RemoveAt(rows.Count - 1);
            }

            rows.AddRange(rows.Count == 0 ? [$"## {section}", ""] : ["", $"## {section}", ""]);
            rows.AddRange(lines);
            return string.Join(newline, rows) + newline;
        }

        var end = rows.Count;
        var fenced = false;
        for (var i = start + 1; i < rows.Count; i++)
        {
            fenced ^= rows[i].TrimStart().StartsWith("```", StringComparison.Ordinal);
            if (!fenced && Heading().Match(rows[i]) is { Success: true } next && next.Groups["hashes"].Length <= level)
            {
                end = i;
                break;
            }
        }

        var at = end;
        while (at > start + 1 && rows[at - 1].Trim().Length == 0)
        {
            at--;
        }

        var insert = at == start + 1 ? (IEnumerable<string>)["", .. lines] : lines;
        rows.InsertRange(at, insert);
        if (at == end && end < rows.Count - insert.Count())
        {
            rows.Insert(at + insert.Count(), ""); // keep a blank line before the next heading
        }

        return string.Join(newline, rows) + (trailing ? newline : "");
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

    // The heading whose words are the section's (case and punctuation aside), outside code fences, and its level.
    private static (int Index, int Level) FindHeading(List<string> rows, string section)
    {
        var wanted = TextSimilarity.Key(section);
        var fenced = false;
        for (var i = 0; i < rows.Count; i++)
        {
            fenced ^= rows[i].TrimStart().StartsWith("```", StringComparison.Ordinal);
            if (!fenced && Heading().Match(rows[i]) is { Success: true } match && TextSimilarity.Key(match.Groups["text"].Value) == wanted)
            {
                return (i, match.Groups["hashes"].Length);
            }
        }

        return (-1, 0);
    }

    [GeneratedRegex(@"\A(?<hashes>#{1,6})\s+(?<text>.*?)\s*#*\s*\z", RegexOptions.CultureInvariant)]
    private static partial Regex Heading();
}
