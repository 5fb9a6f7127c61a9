namespace Engram.Dreaming.Findings;

/// <summary>
/// One candidate pattern a dream considered, and what it decided: proposed, or dropped with the rule that dropped it.
/// A dream that proposes nothing can say why.
/// </summary>
/// <param name="Signature">The pattern's signature.</param>
/// <param name="Kind">What it is (<c>environment_fact</c>, <c>agent_habit</c>, <c>harness_feedback</c>, <c>work_failure</c>, <c>recovered_failure</c>, <c>user_correction</c>, <c>remember_request</c>, <c>model</c>).</param>
/// <param name="Title">One line for a person.</param>
/// <param name="Sessions">Sessions that showed it.</param>
/// <param name="SessionsRead">Sessions the dream read.</param>
/// <param name="Agents">Distinct agents of those sessions.</param>
/// <param name="Occurrences">Times it was seen in all.</param>
/// <param name="Decision"><c>proposed</c> or <c>dropped</c>.</param>
/// <param name="Reason">The rule that decided (<see cref="PatternReasons"/>).</param>
/// <param name="Detail">What the rule saw, in a sentence.</param>
public sealed record ConsideredPattern(
    string Signature, string Kind, string Title, int Sessions, int SessionsRead, int Agents, int Occurrences, string Decision, string Reason, string Detail)
{
    /// <summary>The proposal filed for it, once written.</summary>
    public string? ProposalId { get; init; }
}

/// <summary>The rules that decide a considered pattern.</summary>
internal static class PatternReasons
{
    /// <summary>Proposed: it passed every rule.</summary>
    public const string Proposed = "proposed";

    /// <summary>Too few sessions, or too rare a share for its kind.</summary>
    public const string Threshold = "threshold";

    /// <summary>A failure of the work itself (an exception in the code under work, a missing file): no fact about the environment.</summary>
    public const string WorkFailure = "work_failure";

    /// <summary>The dream's instructions exclude it.</summary>
    public const string Instruction = "instruction";

    /// <summary>The store already says it.</summary>
    public const string AlreadyKnown = "already_known";

    /// <summary>An earlier proposal for it is pending or was applied.</summary>
    public const string AlreadyProposed = "already_proposed";

    /// <summary>A person rejected it before, and it has not grown markedly since.</summary>
    public const string Rejected = "rejected";

    /// <summary>Another proposal of this dream covers it.</summary>
    public const string Covered = "covered";

    /// <summary>The words open every session that has them: the harness's standing prompt, which the agent is given anyway.</summary>
    public const string StandingPrompt = "standing_prompt";

    /// <summary>Its wording could not be made into a memory line (nothing but variable parts).</summary>
    public const string NoWording = "no_wording";

    /// <summary>The decision values.</summary>
    public const string DecisionProposed = "proposed";

    /// <summary>The decision values.</summary>
    public const string DecisionDropped = "dropped";
}
