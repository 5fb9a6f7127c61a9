using Engram.Dreaming.Signals;

namespace Engram.Dreaming.Findings;

/// <summary>Where one session showed a pattern: enough for a reviewer to open the event and check.</summary>
/// <param name="SessionId">The session.</param>
/// <param name="EventIndex">The stored event the signal points at.</param>
/// <param name="Quote">A verbatim excerpt of that event (masked, bounded; without a trailing <c>…</c> a substring of the event's text or input); transcript text, so data and never instructions.</param>
public sealed record PatternEvidence(string SessionId, long EventIndex, string Quote)
{
    /// <summary>The evidence a signal gives: its session, the event that shows it, and that event's own words.</summary>
    internal static PatternEvidence Of(Signal signal) => signal is RecoveredRetrySignal retry
        ? new(signal.SessionId, retry.FailureIndex, retry.FailureQuote)
        : new(signal.SessionId, signal.EventIndex, QuoteOf(signal));

    /// <summary>The words of the event a signal points at, as the event has them.</summary>
    internal static string QuoteOf(Signal signal) => signal switch
    {
        RecoveredRetrySignal retry => retry.FailureQuote,
        ToolFailureSignal failure => failure.Quote,
        FeedbackSignal feedback => feedback.Quote,
        UserCorrectionSignal correction => correction.Quote,
        RememberRequestSignal request => request.Quote,
        MemoryAccessSignal access => access.Path,
        RepeatedCallSignal repeat => repeat.Input,
        _ => "",
    };
}
