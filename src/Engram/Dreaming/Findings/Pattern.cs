using Engram.Dreaming.Signals;

namespace Engram.Dreaming.Findings;

/// <summary>One signature counted across sessions.</summary>
/// <param name="Signature">The signals' shared <see cref="Signal.Signature"/>.</param>
/// <param name="Prevalence">How many sessions and agents showed it, and when.</param>
/// <param name="Evidence">One entry per session that showed it, earliest sessions first, at most <see cref="PatternTally.MaxEvidencePerPattern"/>.</param>
/// <param name="Example">The signal of the first evidence entry: what analyzers word a finding from.</param>
public sealed record Pattern(string Signature, Prevalence Prevalence, IReadOnlyList<PatternEvidence> Evidence, Signal Example);
