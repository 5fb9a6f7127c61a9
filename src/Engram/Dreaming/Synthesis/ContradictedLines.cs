using System.Text.RegularExpressions;
using Engram.Dreaming.Analysis;
using Engram.Review;

namespace Engram.Dreaming.Synthesis;

/// <summary>
/// Memory lines that tell agents to run a command the sessions show failing: a code span that starts with the
/// failed command (<c>`pytest -q`</c>) on a line with an instruction word (run, use, execute, invoke, call, type,
/// with), or the plain words <c>run pytest</c> (also execute, invoke; not <c>use pytest</c>, which more often names
/// the framework than a command). A line that already names the fix is left alone.
/// Each file with such lines gets one minimal modify replacing the failed command by the fix in those lines only;
/// it stands instead of appending the finding's note, since the memory agents read is the one that misleads them.
/// </summary>
internal static partial class ContradictedLines
{
    public static IEnumerable<DraftProposal> Drafts(SynthesisCandidate finding, string failed, string fix, StoreView store)
    {
        var spans = new Regex($@"`\s*{Regex.Escape(failed)}(?=[\s`])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        var plain = new Regex($@"\b(?<verb>run|execute|invoke)\s+{Regex.Escape(failed)}(?![\w\-])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        foreach (var file in store.Live)
        {
            var lines = file.Content.Split('\n');
            var changed = false;
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i];
                if (line.Contains(fix, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var replaced = Instruction().IsMatch(line) ? spans.Replace(line, _ => "`" + fix) : line;
                replaced = plain.Replace(replaced, match => $"{match.Groups["verb"].Value} {fix}");
                if (!string.Equals(replaced, line, StringComparison.Ordinal))
                {
                    lines[i] = replaced;
                    changed = true;
                }
            }

            if (changed)
            {
                var title = $"{file.Path} says to run `{failed}`, which fails here; use `{fix}`";
                var rationale = $"{file.Path} tells agents to run `{failed}`. {finding.Rationale}";
                yield return new DraftProposal(ProposalOperation.Modify, file.Path, file.MemoryId, file.ContentSha256, null, string.Join('\n', lines), rationale,
                    finding.Origin(DraftKinds.Contradicted, $"{DraftKinds.Contradicted}|{file.Path}|{finding.Signature}", title));
            }
        }
    }

    [GeneratedRegex(@"\b(?:run|runs|running|use|execute|invoke|call|type|with)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Instruction();
}
