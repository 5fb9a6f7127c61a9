using System.Text.RegularExpressions;

namespace Engram.Memories;

/// <summary>
/// Lines added to a markdown memory in the section they belong to: at the end of the section whose heading has the
/// same words (any level, outside code fences), else in a new section at the file's end; the file's line-break style
/// and trailing-newline convention kept. What dreams draft with, and what a dream's new file is merged into the file
/// by when another proposal of the same dream created it first.
/// </summary>
internal static partial class MarkdownSections
{
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
        var count = insert.Count();
        rows.InsertRange(at, insert);
        if (at == end && end < rows.Count - count)
        {
            rows.Insert(at + count, ""); // keep a blank line before the next heading
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

    /// <summary>
    /// A new file's lines merged into the file now at its path: each line the current file lacks, under the section it
    /// stood under (its title heading left out). What a dream would have drafted had the file existed.
    /// </summary>
    public static string MergeInto(string current, string proposed)
    {
        var present = current.Split('\n').Select(line => line.Trim()).ToHashSet(StringComparer.Ordinal);
        string? section = null;
        var bySection = new List<(string? Section, List<string> Lines)>();
        var fenced = false;
        foreach (var raw in proposed.Split('\n').Select(line => line.TrimEnd('\r')))
        {
            fenced ^= raw.TrimStart().StartsWith("```", StringComparison.Ordinal);
            if (!fenced && Heading().Match(raw) is { Success: true } heading)
            {
                section = heading.Groups["hashes"].Length == 1 ? null : heading.Groups["text"].Value;
                continue;
            }

            if (raw.Trim().Length == 0 || present.Contains(raw.Trim()))
            {
                continue;
            }

            if (bySection.Count == 0 || bySection[^1].Section != section)
            {
                bySection.Add((section, []));
            }

            bySection[^1].Lines.Add(raw);
        }

        return bySection.Aggregate(current, (text, part) => AddUnder(text, part.Section, part.Lines));
    }

    // The heading whose words are the section's (case and punctuation aside), outside code fences, and its level.
    private static (int Index, int Level) FindHeading(List<string> rows, string section)
    {
        var wanted = Key(section);
        var fenced = false;
        for (var i = 0; i < rows.Count; i++)
        {
            fenced ^= rows[i].TrimStart().StartsWith("```", StringComparison.Ordinal);
            if (!fenced && Heading().Match(rows[i]) is { Success: true } match && Key(match.Groups["text"].Value) == wanted)
            {
                return (i, match.Groups["hashes"].Length);
            }
        }

        return (-1, 0);
    }

    private static string Key(string text) =>
        string.Join(' ', text.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(word => new string([.. word.Where(char.IsLetterOrDigit)])).Where(word => word.Length > 0));

    [GeneratedRegex(@"\A(?<hashes>#{1,6})\s+(?<text>.*?)\s*#*\s*\z", RegexOptions.CultureInvariant)]
    private static partial Regex Heading();
}
