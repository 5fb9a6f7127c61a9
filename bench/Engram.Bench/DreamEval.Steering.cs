using System.Diagnostics;
using Engram.Access;
using Engram.Dreaming.Findings;

namespace Engram.Bench;

internal static partial class DreamEval
{
    /// <summary>
    /// Each steering entry dreams again over the same sessions with its instructions, on a store of its own (the
    /// rule that holds back patterns an earlier proposal covers is per store), and checks that the named patterns
    /// are dropped for the instructions or kept. Returns the seconds the steered dreams took.
    /// </summary>
    private static async Task<double> ReportSteeringAsync(CorpusExpectations corpus, EngramEngine engine, Caller caller, IReadOnlyList<string> sessions, DreamReadback unsteered)
    {
        Console.WriteLine();
        Console.WriteLine("### Steering");
        Console.WriteLine();
        if (corpus.Steering.Count == 0)
        {
            Console.WriteLine("none listed.");
            return 0;
        }

        var watch = Stopwatch.StartNew();
        for (var run = 0; run < corpus.Steering.Count; run++)
        {
            var steering = corpus.Steering[run];
            var dream = await DreamAsync(engine, caller, $"eval-steering-{run + 1}", sessions, steering.Instructions);
            Console.WriteLine(Invariant($"- \"{steering.Instructions}\" (dream: {dream.Seconds:N1} s, {Count(dream.Proposals.Count, "proposal")})"));
            foreach (var id in steering.Dropped)
            {
                Console.WriteLine($"  - {Dropped(corpus, id, dream, unsteered)}");
            }

            foreach (var id in steering.Kept)
            {
                Console.WriteLine($"  - {Kept(corpus, id, dream, unsteered)}");
            }

            var named = steering.Dropped.Concat(steering.Kept).ToHashSet(StringComparer.Ordinal);
            var others = dream.Proposals
                .Select(p => corpus.Expected.FirstOrDefault(e => e.Matches(p.Origin.Signature, p.Origin.Title))?.Id is { } id ? (named.Contains(id) ? null : $"`{id}`") : $"`{p.Origin.Signature}` (unexpected)")
                .OfType<string>().ToList();
            Console.WriteLine($"  - also proposed: {(others.Count == 0 ? "nothing else" : string.Join(", ", others))}");
        }

        return watch.Elapsed.TotalSeconds;
    }

    private static string Dropped(CorpusExpectations corpus, string id, DreamReadback dream, DreamReadback unsteered)
    {
        if (corpus.Expected.FirstOrDefault(e => e.Id == id) is not { } expected)
        {
            return $"**FAIL** drop `{id}`: no expected pattern has this id";
        }

        var proposed = dream.ProposalsOf(expected);
        if (proposed.Count > 0)
        {
            return Invariant($"**FAIL** drop `{id}`: still proposed as `{proposed[0].Origin.Signature}` ({Count(proposed[0].Origin.Statistics.Sessions, "session")})");
        }

        var considered = dream.ConsideredOf(expected);
        return considered.FirstOrDefault(p => p.Reason == PatternReasons.Instruction) is { } dropped
            ? $"pass drop `{id}`: `{dropped.Signature}` dropped (`{dropped.Reason}`): {dropped.Detail}"
            : $"**FAIL** drop `{id}`: no proposal, but not for the instructions: {Considered(considered)}{MissedAnyway(expected, unsteered)}";
    }

    private static string Kept(CorpusExpectations corpus, string id, DreamReadback dream, DreamReadback unsteered)
    {
        if (corpus.Expected.FirstOrDefault(e => e.Id == id) is not { } expected)
        {
            return $"**FAIL** keep `{id}`: no expected pattern has this id";
        }

        var proposed = dream.ProposalsOf(expected);
        return proposed.Count > 0
            ? Invariant($"pass keep `{id}`: proposed as `{proposed[0].Origin.Signature}` ({Count(proposed[0].Origin.Statistics.Sessions, "session")})")
            : $"**FAIL** keep `{id}`: not proposed: {Considered(dream.ConsideredOf(expected))}{MissedAnyway(expected, unsteered)}";
    }

    private static string MissedAnyway(ExpectedPattern expected, DreamReadback unsteered) =>
        unsteered.ProposalsOf(expected).Count == 0 ? " (missed without instructions too)" : "";
}
