using System.Text.RegularExpressions;
using Engram.Access;
using Engram.Dreaming.Findings;

namespace Engram.Bench;

internal static partial class DreamEval
{
    /// <summary>Fewer sessions than this are an anecdote, not a pattern: the dreaming issue's acceptance rule (a request to remember is the exception, one session is enough).</summary>
    private const int MinPatternSessions = 3;

    /// <summary>Failures listed one by one under a check; the rest are only counted, so one bad rule does not bury the report.</summary>
    private const int MaxListedFailures = 5;

    /// <summary>The ellipsis a bounded quote ends with; without it a quote is the event's own words.</summary>
    private const string Ellipsis = "…";

    /// <summary>Characters of a failing quote shown: enough to recognise it on one report line.</summary>
    private const int MaxQuoteChars = 120;

    /// <summary>Placeholders of the error-template miner, which must never reach a memory line.</summary>
    private static readonly string[] Placeholders = ["<quoted>", "<num>", "<path>", "<*>"];

    /// <summary>The acceptance rules as pass/fail lines: enough sessions, verbatim evidence, memory lines without placeholders or statistics.</summary>
    private static async Task ReportAcceptanceAsync(EngramEngine engine, Caller caller, DreamReadback dream)
    {
        Console.WriteLine();
        Console.WriteLine("### Acceptance checks");
        Console.WriteLine();
        var few = dream.Proposals
            .Where(p => p.Origin.Kind != PatternKinds.RememberRequest && p.Origin.Statistics.Sessions < MinPatternSessions)
            .Select(p => Invariant($"`{p.Origin.Signature}` ({Count(p.Origin.Statistics.Sessions, "session")})")).ToList();
        Check($"every proposal but a remember_request shows at least {Count(MinPatternSessions, "session")} ({Count(dream.Proposals.Count, "proposal")})", few);

        var quotes = 0;
        var wrong = new List<string>();
        foreach (var proposal in dream.Proposals)
        {
            foreach (var evidence in proposal.Origin.Evidence)
            {
                quotes++;
                var quote = evidence.Quote.EndsWith(Ellipsis, StringComparison.Ordinal) ? evidence.Quote[..^Ellipsis.Length] : evidence.Quote;
                var events = await engine.Storage.ListEventsAsync(evidence.SessionId, evidence.EventIndex, 1, withRaw: false, None);
                var found = events.Count == 1 && events[0].Index == evidence.EventIndex ? events[0].Event : null;
                if (found is null)
                {
                    wrong.Add($"`{proposal.Origin.Signature}`: event {evidence.EventIndex} of {await SourceAsync(engine, caller, evidence.SessionId)} does not exist");
                }
                else if (!(found.Text ?? "").Contains(quote, StringComparison.Ordinal) && !(found.ToolInput ?? "").Contains(quote, StringComparison.Ordinal))
                {
                    wrong.Add($"`{proposal.Origin.Signature}`: event {evidence.EventIndex} of {await SourceAsync(engine, caller, evidence.SessionId)} has no \"{Shorten(quote)}\"");
                }
            }
        }

        Check($"every evidence quote (less a trailing {Ellipsis}) is in its event's text or tool input ({Count(quotes, "quote")})", wrong);

        var templated = dream.Proposals
            .SelectMany(p => p.MemoryLines.Where(line => Placeholders.Any(h => line.Contains(h, StringComparison.Ordinal)) || Statistics().IsMatch(line))
                .Select(line => $"`{p.Origin.Signature}`: {line}"))
            .ToList();
        Check($"no memory line holds {string.Join(", ", Placeholders.Select(h => $"`{h}`"))} or \"N of M sessions\" ({Count(dream.Proposals.Sum(p => p.MemoryLines.Count), "line")})", templated);
    }

    private static void Check(string rule, IReadOnlyList<string> failures)
    {
        Console.WriteLine(failures.Count == 0 ? $"- pass: {rule}" : $"- **FAIL**: {rule}: {failures.Count} do not");
        foreach (var failure in failures.Take(MaxListedFailures))
        {
            Console.WriteLine($"  - {failure}");
        }

        if (failures.Count > MaxListedFailures)
        {
            Console.WriteLine($"  - and {failures.Count - MaxListedFailures} more");
        }
    }

    /// <summary>The transcript file a session was imported from, by name: session ids differ from run to run, file names do not.</summary>
    private static async Task<string> SourceAsync(EngramEngine engine, Caller caller, string sessionId) =>
        (await engine.Sessions.GetTranscriptAsync(caller, sessionId, None))?.Source is { } source ? $"`{Path.GetFileName(source)}`" : sessionId;

    /// <summary>A quote cut for a report line: failing quotes can be long tool output.</summary>
    private static string Shorten(string quote) => (quote.Length <= MaxQuoteChars ? quote : quote[..MaxQuoteChars] + Ellipsis).ReplaceLineEndings("⏎");

    [GeneratedRegex(@"\b(\d[\d,]*|N) of (\d[\d,]*|M) sessions\b", RegexOptions.CultureInvariant)]
    private static partial Regex Statistics();
}
