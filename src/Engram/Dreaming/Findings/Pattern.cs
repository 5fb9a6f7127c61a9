using Engram.Dreaming.Signals;

namespace Engram.Dreaming.Findings;

/// <summary>One signature counted across sessions.</summary>
/// <param name="Signature">The signals' shared <see cref="Signal.Signature"/>.</param>
/// <param name="Prevalence">How many sessions and agents showed it, and when.</param>
/// <param name="Evidence">One entry per session that showed it, earliest sessions first, at most <see cref="PatternTally.MaxEvidencePerPattern"/>.</param>
/// <param name="Example">The signal of the first evidence entry: what analyzers word a finding from.</param>
public sealed record Pattern(string Signature, Prevalence Prevalence, IReadOnlyList<PatternEvidence> Evidence, Signal Example)
{
    /// <summary>The verbatim quotes of its signals, the most common first (ties: ordinal), with the sessions that said each; at most <see cref="PatternTally.MaxQuotesPerPattern"/>.</summary>
    public IReadOnlyList<TextCount> Quotes { get; init; } = [];

    /// <summary>The variants its signals name (<see cref="Signal.Variant"/>: for a failure got past, what worked instead), the most sessions first; empty for kinds without.</summary>
    public IReadOnlyList<TextCount> Variants { get; init; } = [];

    /// <summary>The projects of the sessions that showed it, the most sessions first, with their counts; sessions without a project are left out.</summary>
    public IReadOnlyList<ProjectCount> Projects { get; init; } = [];
}

/// <summary>A text (a verbatim quote, a variant) and the sessions whose signals gave it.</summary>
public sealed record TextCount(string Text, int Sessions);

/// <summary>A project (<c>owner/repo</c>) and how many sessions of a pattern, or of the dream, worked on it.</summary>
public sealed record ProjectCount(string Project, int Sessions);
