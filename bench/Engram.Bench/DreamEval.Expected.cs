using Engram.Dreaming.Findings;

namespace Engram.Bench;

internal static partial class DreamEval
{
    /// <summary>The table of expected patterns: found or missed (and why, from the considered patterns), sessions against the person's count, the memory line and the person's judgement of it.</summary>
    private static (int Found, int Acceptable) ReportExpected(CorpusExpectations corpus, DreamReadback dream)
    {
        Console.WriteLine();
        Console.WriteLine("### Expected patterns");
        Console.WriteLine();
        if (corpus.Expected.Count == 0)
        {
            Console.WriteLine("none: the person expects nothing from this corpus.");
            return (0, 0);
        }

        Console.WriteLine("| expected pattern | found | sessions (found / counted) | diff | proposal kind | memory line | judged acceptable |");
        Console.WriteLine("|---|---|---:|---:|---|---|---|");
        var (found, acceptable) = (0, 0);
        foreach (var expected in corpus.Expected)
        {
            var matches = dream.ProposalsOf(expected);
            if (matches.Count == 0)
            {
                Console.WriteLine(Invariant($"| `{expected.Id}` | **missed**: {Cell(Considered(dream.ConsideredOf(expected)))} | – / {expected.Sessions:N0} | | | | |"));
                continue;
            }

            found++;
            var proposal = matches[0];
            var sessions = proposal.Origin.Statistics.Sessions;
            var more = matches.Count > 1 ? $" (+{matches.Count - 1} more matching: {string.Join(", ", matches.Skip(1).Select(m => $"`{m.Origin.Signature}`"))})" : "";
            var kind = proposal.Origin.Kind == expected.Kind ? proposal.Origin.Kind : $"{proposal.Origin.Kind} (expected {expected.Kind})";
            var judged = proposal.MemoryLines.Any(line => line.Contains(expected.AcceptableIfLineContains, StringComparison.Ordinal));
            if (judged && expected.Acceptable)
            {
                acceptable++;
            }

            var judgement = !judged ? "unjudged: the wording changed" : $"{(expected.Acceptable ? "yes" : "no")}: {expected.Why}";
            Console.WriteLine(Invariant(
                $"| `{expected.Id}` | yes: `{Cell(proposal.Origin.Signature)}`{Cell(more)} | {sessions:N0} / {expected.Sessions:N0} | {Difference(sessions, expected.Sessions)} | {kind} | {Cell(proposal.MemoryLine)} | {Cell(judgement)} |"));
        }

        Console.WriteLine();
        Console.WriteLine($"found {found} of {corpus.Expected.Count}; acceptable as they are: {acceptable} of {Count(dream.Proposals.Count, "proposal")}.");
        return (found, acceptable);
    }

    /// <summary>Loud failures for every proposal (or considered pattern decided <c>proposed</c>) the person ruled out; otherwise what the dream did with it.</summary>
    private static void ReportNotExpected(CorpusExpectations corpus, DreamReadback dream)
    {
        Console.WriteLine();
        Console.WriteLine("### Not expected");
        Console.WriteLine();
        if (corpus.NotExpected.Count == 0)
        {
            Console.WriteLine("none listed.");
            return;
        }

        foreach (var unwanted in corpus.NotExpected)
        {
            var proposed = dream.ProposalsOf(unwanted);
            var considered = dream.ConsideredOf(unwanted);
            var decidedProposed = considered.Where(p => p.Decision == PatternReasons.DecisionProposed && proposed.All(q => q.Origin.Signature != p.Signature)).ToList();
            if (proposed.Count == 0 && decidedProposed.Count == 0)
            {
                Console.WriteLine($"- pass `{unwanted.Id}` ({unwanted.Describe()}): no proposal; {Considered(considered)}");
                continue;
            }

            foreach (var proposal in proposed)
            {
                Console.WriteLine(Invariant(
                    $"- **FAIL `{unwanted.Id}`**: proposed as `{proposal.Origin.Signature}` ({proposal.Origin.Kind}, {Count(proposal.Origin.Statistics.Sessions, "session")}): {proposal.MemoryLine} — the person: {unwanted.Why}"));
            }

            foreach (var pattern in decidedProposed)
            {
                Console.WriteLine(Invariant(
                    $"- **FAIL `{unwanted.Id}`**: considered pattern `{pattern.Signature}` ({pattern.Kind}, {Count(pattern.Sessions, "session")}) was decided proposed — the person: {unwanted.Why}"));
            }
        }
    }

    /// <summary>Proposals no expected entry names: listed with their memory line, counted as not acceptable (unjudged).</summary>
    private static int ReportUnexpected(CorpusExpectations corpus, DreamReadback dream)
    {
        Console.WriteLine();
        Console.WriteLine("### Unexpected proposals");
        Console.WriteLine();
        var unexpected = dream.Proposals.Where(p => !corpus.Expected.Any(e => e.Matches(p.Origin.Signature, p.Origin.Title))).ToList();
        if (unexpected.Count == 0)
        {
            Console.WriteLine("none.");
        }

        foreach (var proposal in unexpected)
        {
            Console.WriteLine(Invariant(
                $"- `{proposal.Origin.Signature}` ({proposal.Origin.Kind}, {Count(proposal.Origin.Statistics.Sessions, "session")}, \"{proposal.Origin.Title}\"): {proposal.MemoryLine} — not acceptable (unjudged)"));
        }

        return unexpected.Count;
    }

    /// <summary>What the considered patterns say about a pattern: the most widespread match's decision, rule and detail, and how many others matched.</summary>
    private static string Considered(IReadOnlyList<ConsideredPattern> matches)
    {
        if (matches.Count == 0)
        {
            return "not among the considered patterns (a dream records every proposed one and the most widespread dropped ones)";
        }

        var top = matches[0];
        var others = matches.Count == 1 ? ""
            : $"; {matches.Count - 1} more matching ({string.Join(", ", matches.Skip(1).GroupBy(m => $"{m.Decision} {m.Reason}").OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} ×{g.Count()}"))})";
        return Invariant($"considered `{top.Signature}` in {Count(top.Sessions, "session")}: {top.Decision} (`{top.Reason}`): {top.Detail}{others}");
    }

    /// <summary>Found minus counted, in percent of the person's count.</summary>
    private static string Difference(int found, int counted) =>
        counted == 0 ? "n/a" : Invariant($"{(found - counted) * 100.0 / counted:+0.0;-0.0;0.0}%");

    /// <summary>Text safe inside a Markdown table cell.</summary>
    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", "<br>", StringComparison.Ordinal);
}
