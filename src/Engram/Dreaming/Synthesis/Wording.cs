using Engram.Review;

namespace Engram.Dreaming.Synthesis;

/// <summary>The template sentences of rationales (the model path brings its own reasons; prevalence is always ours).</summary>
internal static class Wording
{
    /// <summary><c>Seen in 7 of 20 sessions across 3 agents</c>.</summary>
    public static string Seen(ProposalStatistics statistics) =>
        $"Seen in {statistics.Sessions} of {statistics.SessionsRead} sessions across {Count(statistics.Agents.Count, "agent")}";

    /// <summary><c>1 session</c>, <c>2 sessions</c>.</summary>
    public static string Count(int count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";

    /// <summary>Paths joined for a sentence: <c>/a.md</c>, <c>/a.md and /b.md</c>, <c>/a.md, /b.md and /c.md</c>.</summary>
    public static string Paths(IReadOnlyList<string> paths) =>
        paths.Count <= 1 ? string.Concat(paths) : $"{string.Join(", ", paths.Take(paths.Count - 1))} and {paths[^1]}";
}
