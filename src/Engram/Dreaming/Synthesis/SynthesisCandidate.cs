using Engram.Dreaming.Findings;
using Engram.Review;

namespace Engram.Dreaming.Synthesis;

/// <summary>A lesson to add to one memory file, before the store checks turn it into a draft (or into nothing).</summary>
/// <param name="Kind">A <see cref="DraftKinds"/> value.</param>
/// <param name="Signature">One draft per signature.</param>
/// <param name="Title">One line for a reviewer.</param>
/// <param name="Statistics">Prevalence with counter examples.</param>
/// <param name="Evidence">Sessions and events that show it.</param>
/// <param name="Untrusted">Its wording leans on tool output.</param>
/// <param name="TargetPath">The memory file it belongs in.</param>
/// <param name="Text">The markdown to add (one line or a few).</param>
/// <param name="Rationale">Why, with the prevalence.</param>
/// <param name="Fix">For a failure with a way past it: the failed command and what worked, to find store lines that contradict it.</param>
internal sealed record SynthesisCandidate(
    string Kind,
    string Signature,
    string Title,
    ProposalStatistics Statistics,
    IReadOnlyList<PatternEvidence> Evidence,
    bool Untrusted,
    string TargetPath,
    string Text,
    string Rationale,
    (string Failed, string Fix)? Fix = null)
{
    /// <summary>The section of the file it goes under, or null for the file's end.</summary>
    public string? Section { get; init; }

    /// <summary>What a memory line must say for the store to know this already (<see cref="StoreFact"/>), or null.</summary>
    public StoreFact? KnownBy { get; init; }

    /// <summary>What it is about, as short labels in plain words, for steering by instructions (<see cref="Findings.PatternTopics"/>).</summary>
    public IReadOnlyList<string> Topics { get; init; } = [];

    /// <summary>The origin a draft of this candidate records.</summary>
    public DreamOrigin Origin(string? kind = null, string? signature = null, string? title = null) =>
        new(kind ?? Kind, signature ?? Signature, title ?? Title, Statistics, Evidence, Untrusted, []);

    /// <summary>The order drafts are made and returned in: seen in the most agents, then the most sessions, then by kind and signature (ordinal).</summary>
    public static int Compare(SynthesisCandidate left, SynthesisCandidate right) => DraftOrder.Compare(left.Origin(), right.Origin());
}

/// <summary>The one order of drafts: the most agents first, then the most sessions, then kind, then signature, ordinal.</summary>
internal static class DraftOrder
{
    public static int Compare(DreamOrigin left, DreamOrigin right)
    {
        var byAgents = right.Statistics.Agents.Count.CompareTo(left.Statistics.Agents.Count);
        if (byAgents != 0)
        {
            return byAgents;
        }

        var bySessions = right.Statistics.Sessions.CompareTo(left.Statistics.Sessions);
        if (bySessions != 0)
        {
            return bySessions;
        }

        var byKind = string.CompareOrdinal(left.Kind, right.Kind);
        return byKind != 0 ? byKind : string.CompareOrdinal(left.Signature, right.Signature);
    }
}
