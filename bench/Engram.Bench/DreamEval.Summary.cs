namespace Engram.Bench;

internal static partial class DreamEval
{
    /// <summary>One line per corpus: how much of what the person expects was found, and how much of what was proposed is acceptable as it stands.</summary>
    private static void PrintSummary(IReadOnlyList<CorpusResult> results)
    {
        Console.WriteLine();
        Console.WriteLine("## Summary");
        Console.WriteLine();
        Console.WriteLine("| corpus | sessions | expected found | proposals | acceptable as they are | unexpected | time |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---|");
        foreach (var r in results)
        {
            Console.WriteLine(r.SkippedBecause is { } why
                ? $"| {r.Name} | skipped: {Cell(why)} | | | | | |"
                : Invariant($"| {r.Name} | {r.Sessions:N0} | {r.ExpectedFound} of {r.Expected} | {r.Proposals} | {r.Acceptable} of {r.Proposals} | {r.Unexpected} | import {r.ImportSeconds:N1} s, dream {r.DreamSeconds:N1} s, steering {r.SteeringSeconds:N1} s |"));
        }
    }

    /// <summary>One corpus's line in the summary; <see cref="SkippedBecause"/> is set when it was not evaluated.</summary>
    private sealed record CorpusResult(
        string Name, string? SkippedBecause, int Sessions, int ExpectedFound, int Expected, int Proposals, int Acceptable, int Unexpected,
        double ImportSeconds, double DreamSeconds, double SteeringSeconds)
    {
        public static CorpusResult Skipped(string name, string why) => new(name, why, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }
}
