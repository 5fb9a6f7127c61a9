namespace Engram.Dreaming.Synthesis;

/// <summary>The <see cref="Review.DreamOrigin.Kind"/> values the synthesizer writes.</summary>
public static class DraftKinds
{
    /// <summary>A tool failure sessions keep recovering from the same way.</summary>
    public const string RecoveredFailure = "recovered_failure";

    /// <summary>A correction users keep making across agents.</summary>
    public const string UserCorrection = "user_correction";

    /// <summary>A user asked for something to be remembered.</summary>
    public const string RememberRequest = "remember_request";

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
