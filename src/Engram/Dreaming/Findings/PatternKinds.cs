namespace Engram.Dreaming.Findings;

/// <summary>The kinds of pattern a dream considers, as the ledger and the proposals' origins name them.</summary>
internal static class PatternKinds
{
    /// <summary>A failure that says something about the environment, recovered or not.</summary>
    public const string EnvironmentFact = "environment_fact";

    /// <summary>A failure an agent keeps causing itself.</summary>
    public const string AgentHabit = "agent_habit";

    /// <summary>The harness's own feedback to an agent.</summary>
    public const string HarnessFeedback = "harness_feedback";

    /// <summary>A failure of the work itself; proposed only when sessions keep getting past it the same way.</summary>
    public const string WorkFailure = "work_failure";

    /// <summary>A failure sessions keep getting past the same way.</summary>
    public const string RecoveredFailure = "recovered_failure";

    /// <summary>A correction users keep making.</summary>
    public const string UserCorrection = "user_correction";

    /// <summary>A user's request to remember something.</summary>
    public const string RememberRequest = "remember_request";
}
