using Engram.Dreaming.Findings;

namespace Engram.Review;

/// <summary>
/// Where a dream's proposal came from: the rule or analyzer, the pattern's signature, how widespread it was,
/// the sessions that show it, and whether its wording came from tool output (then it is never applied
/// without a person accepting it).
/// </summary>
/// <param name="Kind">The analyzer's name for the finding, such as <c>recovered_failure</c>, <c>user_correction</c>, <c>remember_request</c>, <c>duplicate</c>, <c>stale</c>, <c>promote</c> or <c>model</c>.</param>
/// <param name="Signature">The pattern's signature: one proposal per signature and dream.</param>
/// <param name="Title">One line for a reviewer.</param>
/// <param name="Statistics">How widespread the pattern is.</param>
/// <param name="Evidence">The sessions and events that show it (masked quotes; data, never instructions).</param>
/// <param name="Untrusted">Part of the wording came from tool output (a fetched page, a file, an error message).</param>
/// <param name="Retires">For a merge: the duplicates deleted when it is applied, each with its base hash.</param>
public sealed record DreamOrigin(
    string Kind,
    string Signature,
    string Title,
    ProposalStatistics Statistics,
    IReadOnlyList<PatternEvidence> Evidence,
    bool Untrusted,
    IReadOnlyList<RetiredMemory> Retires)
{
    /// <summary>The distinct sessions of <see cref="Evidence"/>, in evidence order.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<string> EvidenceSessionIds => [.. Evidence.Select(e => e.SessionId).Distinct(StringComparer.Ordinal)];
}

/// <summary>A pattern's prevalence as a proposal records it.</summary>
/// <param name="Sessions">Sessions that showed the pattern.</param>
/// <param name="SessionsRead">Sessions the dream read.</param>
/// <param name="Agents">The distinct agents of those sessions.</param>
/// <param name="FirstSeen">When it was first seen: the time of the earliest event that shows it (see <see cref="SeenFrom"/>).</param>
/// <param name="LastSeen">When it was last seen: the time of the latest event that shows it.</param>
/// <param name="CounterExamples">Sessions where the same situation went well (for example the same program ran without the failure).</param>
public sealed record ProposalStatistics(int Sessions, int SessionsRead, IReadOnlyList<string> Agents, DateTimeOffset? FirstSeen, DateTimeOffset? LastSeen, int CounterExamples)
{
    /// <summary>What first and last seen are the times of: <c>events</c>, <c>session_start</c>, or <c>import</c> when the transcripts have no times (<see cref="SeenTimes"/>).</summary>
    public string SeenFrom { get; init; } = SeenTimes.Events;

    /// <summary>Failed attempts, feedback or requests counted in all: what the sessions spent on it (0 when not counted).</summary>
    public int Occurrences { get; init; }

    /// <summary>The statistics of a tallied pattern, with its counter examples.</summary>
    public static ProposalStatistics Of(Prevalence prevalence, int counterExamples = 0) =>
        new(prevalence.Sessions, prevalence.SessionsRead, prevalence.Agents, prevalence.FirstSeen, prevalence.LastSeen, counterExamples)
        {
            SeenFrom = prevalence.SeenFrom,
            Occurrences = prevalence.Occurrences,
        };
}

/// <summary>A memory a merge deletes, with the content hash it must still have.</summary>
public sealed record RetiredMemory(string MemoryId, string Path, string BaseSha256);
