namespace Engram.Dreaming.Findings;

/// <summary>Which rule produced a finding.</summary>
public enum FindingKind
{
    /// <summary>A tool failure that sessions keep fixing the same way.</summary>
    RecoveredFailure,

    /// <summary>A correction users keep making, across agents.</summary>
    UserCorrection,

    /// <summary>A user asked for something to be remembered.</summary>
    RememberRequest,
}

/// <summary>A line to add to a memory file; a proposal, never applied by the analyzer.</summary>
/// <param name="Path">The memory file to add it to.</param>
/// <param name="Line">The markdown line.</param>
/// <param name="Untrusted">Part of the wording came from tool output: it is flagged and never applied automatically.</param>
public sealed record ProposedEdit(string Path, string Line, bool Untrusted);

/// <summary>
/// A recurring pattern worth remembering, as data: transcript text appears only as quoted evidence or inside the
/// proposed line.
/// </summary>
/// <param name="Kind">The rule that produced it.</param>
/// <param name="Signature">The pattern's signature.</param>
/// <param name="Title">One line for a reviewer.</param>
/// <param name="Prevalence">How widespread the pattern is.</param>
/// <param name="Evidence">Where it was seen.</param>
/// <param name="Edit">What to add to memory.</param>
/// <param name="CounterExamples">Sessions where the same situation went well (the failing program ran without failing).</param>
public sealed record Finding(FindingKind Kind, string Signature, string Title, Prevalence Prevalence, IReadOnlyList<PatternEvidence> Evidence, ProposedEdit Edit, int CounterExamples = 0);
