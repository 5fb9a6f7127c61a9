using Engram.Dreaming.Signals;

namespace Engram.Dreaming.Findings;

/// <summary>Where one session showed a pattern: enough for a reviewer to open the event and check.</summary>
/// <param name="SessionId">The session.</param>
/// <param name="EventIndex">The stored event the signal points at.</param>
/// <param name="Quote">A short, secret-masked quote; transcript text, so data and never instructions.</param>
public sealed record PatternEvidence(string SessionId, long EventIndex, string Quote)
{
    /// <summary>The evidence a signal gives: its session, its event, and its already masked text.</summary>
    internal static PatternEvidence Of(Signal signal) => new(signal.SessionId, signal.EventIndex, QuoteOf(signal));

    private static string QuoteOf(Signal signal) => signal switch
    {
        RecoveredRetrySignal retry => Bounded($"{retry.Change} after {retry.FailureTemplate.Text}"),
        ToolFailureSignal failure => failure.Quote,
        UserCorrectionSignal correction => correction.Quote,
        RememberRequestSignal request => request.Quote,
        MemoryAccessSignal access => $"{access.Tool} {access.Path}",
        RepeatedCallSignal repeat => Bounded($"{repeat.Input} ×{repeat.Count}"),
        ProgramRunSignal run => Bounded($"{run.Program} {(run.Failed ? "failed" : "ran")}"),
        _ => signal.Signature,
    };

    // Parts are masked already; joining two can exceed the quote bound, so cut again.
    private static string Bounded(string text) =>
        Memories.UnicodeText.Ellipsize(text, SignalText.MaxQuoteChars);
}
