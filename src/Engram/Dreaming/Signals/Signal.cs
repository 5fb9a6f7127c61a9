using System.Text.Json.Serialization;

namespace Engram.Dreaming.Signals;

/// <summary>
/// Something deterministic rules noticed in one session, for later stages to count across sessions.
/// Equal <see cref="Signature"/>s mean the same thing happened, whatever the session, its numbers or its paths.
/// </summary>
/// <param name="SessionId">The session (<c>sesn_</c>).</param>
/// <param name="Agent">The agent that ran the session.</param>
/// <param name="EventIndex">The stored event the signal points at, for evidence.</param>
/// <param name="OffPath">The event was on a rewound branch or in a sub-agent.</param>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(ToolFailureSignal), "tool_failure")]
[JsonDerivedType(typeof(RecoveredRetrySignal), "recovered_retry")]
[JsonDerivedType(typeof(RepeatedCallSignal), "repeated_call")]
[JsonDerivedType(typeof(ProgramRunSignal), "program_run")]
[JsonDerivedType(typeof(UserCorrectionSignal), "user_correction")]
[JsonDerivedType(typeof(RememberRequestSignal), "remember_request")]
[JsonDerivedType(typeof(MemoryAccessSignal), "memory_access")]
[JsonDerivedType(typeof(FeedbackSignal), "feedback")]
public abstract record Signal(string SessionId, string Agent, long EventIndex, bool OffPath)
{
    /// <summary>When the event happened: its own time, else the latest time the session gave before it; null when the transcript has no times.</summary>
    public DateTimeOffset? At { get; init; }

    /// <summary>A detail that varies within one signature and is worth counting across sessions (for a failure got past, what worked instead); null for most kinds.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public virtual string? Variant => null;

    /// <summary>What matches this signal to the same signal in other sessions; starts with the kind.</summary>
    public abstract string Signature { get; }
}
