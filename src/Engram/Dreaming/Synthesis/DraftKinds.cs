namespace Engram.Dreaming.Synthesis;

/// <summary>The <see cref="Review.DreamOrigin.Kind"/> values the synthesizer writes.</summary>
internal static class DraftKinds
{
    /// <summary>A tool failure sessions keep recovering from the same way.</summary>
    public const string RecoveredFailure = Findings.PatternKinds.RecoveredFailure;

    /// <summary>A failure that says something about the environment, recovered or not.</summary>
    public const string EnvironmentFact = Findings.PatternKinds.EnvironmentFact;

    /// <summary>A failure an agent keeps causing itself.</summary>
    public const string AgentHabit = Findings.PatternKinds.AgentHabit;

    /// <summary>The harness keeps answering an agent with the same feedback.</summary>
    public const string HarnessFeedback = Findings.PatternKinds.HarnessFeedback;

    /// <summary>A correction users keep making across agents.</summary>
    public const string UserCorrection = Findings.PatternKinds.UserCorrection;

    /// <summary>A user asked for something to be remembered.</summary>
    public const string RememberRequest = Findings.PatternKinds.RememberRequest;

    /// <summary>A cluster of model findings across sessions.</summary>
    public const string Model = "model";

    /// <summary>Memories that say the same thing, merged into one.</summary>
    public const string Duplicate = "duplicate";

    /// <summary>A memory whose front matter says it expired.</summary>
    public const string Stale = "stale";

    /// <summary>A lesson several agents keep in their scratchpads, promoted to shared memory.</summary>
    public const string Promote = "promote";

    /// <summary>A memory line that tells agents to run a command the sessions show failing.</summary>
    public const string Contradicted = "contradicted";
}
