namespace Engram.Dreaming.Findings;

/// <summary>Which rule produced a finding.</summary>
internal enum FindingKind
{
    /// <summary>A tool failure that sessions keep getting past the same way.</summary>
    RecoveredFailure,

    /// <summary>A correction users keep making, across agents.</summary>
    UserCorrection,

    /// <summary>A user asked for something to be remembered.</summary>
    RememberRequest,

    /// <summary>A failure that says something about the environment (a missing program or module, a limit, no network), recovered or not.</summary>
    EnvironmentFact,

    /// <summary>A failure an agent keeps causing itself (shell quoting, a tool's refusals).</summary>
    AgentHabit,

    /// <summary>The harness keeps answering an agent with the same feedback (a reply in the wrong format, output too long).</summary>
    HarnessFeedback,
}

/// <summary>A line to add to a memory file; a proposal, never applied by the analyzer.</summary>
/// <param name="Path">The memory file to add it to.</param>
/// <param name="Line">The markdown line: guidance for the next agent, never statistics.</param>
/// <param name="Untrusted">Part of the wording came from tool output: it is flagged and never applied automatically.</param>
internal sealed record ProposedEdit(string Path, string Line, bool Untrusted)
{
    /// <summary>The section of the file it belongs under (a heading's text), or null for the file's end.</summary>
    public string? Section { get; init; }
}

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
internal sealed record Finding(FindingKind Kind, string Signature, string Title, Prevalence Prevalence, IReadOnlyList<PatternEvidence> Evidence, ProposedEdit Edit, int CounterExamples = 0)
{
    /// <summary>Why, with the statistics: what the rule saw, for a reviewer and the version's reason.</summary>
    public string Rationale { get; init; } = "";

    /// <summary>For a failure with a known way past it: the failed command and what worked, to find store lines that contradict it.</summary>
    public (string Failed, string Fix)? Fix { get; init; }

    /// <summary>What a memory line must say for the store to know this already, or null when only the line's own words tell.</summary>
    public StoreFact? KnownBy { get; init; }
}

/// <summary>
/// What a memory line must say to state a fact already, in any words: it names <see cref="Subject"/> (as a word) and
/// says it is missing, failing or worked around (or names <see cref="Fix"/>); or, for a fact about the whole
/// environment (no subject), it uses one of <see cref="Words"/> (a time limit: "timed out", "time limit"…).
/// </summary>
/// <param name="Subject">The program or module the fact is about, or null for a fact about the environment as a whole.</param>
/// <param name="Fix">What works instead, when known.</param>
/// <param name="Words">For a fact about the whole environment: the words that name it.</param>
internal sealed record StoreFact(string? Subject, string? Fix, IReadOnlyList<string> Words);
