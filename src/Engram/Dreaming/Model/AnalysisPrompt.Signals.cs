using System.Text;
using Engram.Dreaming.Analysis;
using Engram.Dreaming.Signals;

namespace Engram.Dreaming.Model;

internal static partial class AnalysisPrompt
{
    /// <summary>The signals shown for a session: failures, retries, corrections, requests and loops before memory accesses, then by event.</summary>
    private static List<Signal> Listed(SessionDigest session, ModelAnalyzerOptions options) =>
        [.. session.Signals
            .OrderBy(signal => signal is MemoryAccessSignal ? 1 : 0)
            .ThenBy(signal => signal.EventIndex)
            .Take(options.MaxSignalsPerSession)
            .OrderBy(signal => signal.EventIndex)];

    /// <summary>One compact line: the event, the kind, the tool, the template or short form, and the quote.</summary>
    private static void AppendSignal(StringBuilder prompt, Signal signal)
    {
        prompt.Append('[').Append(signal.EventIndex).Append("] ");
        switch (signal)
        {
            case ToolFailureSignal failure:
                prompt.Append("tool_failure tool=").Append(DataText.Literal(failure.Tool));
                if (failure.Program is not null)
                {
                    prompt.Append(" program=").Append(DataText.Literal(failure.Program));
                }

                prompt.Append(" class=").Append(failure.Class);
                if (failure.Subject is not null)
                {
                    prompt.Append(" subject=").Append(DataText.Literal(failure.Subject));
                }

                if (failure.ExitCode is { } exit)
                {
                    prompt.Append(" exit=").Append(exit);
                }

                prompt.Append(" input=").Append(DataText.Literal(failure.Input))
                    .Append(" template=").Append(DataText.Literal(failure.Template.Text));
                break;
            case FeedbackSignal feedback:
                prompt.Append("harness_feedback quote=").Append(DataText.Literal(feedback.Quote));
                if (feedback.Guidance.Length > 0)
                {
                    prompt.Append(" instructions=").Append(DataText.Literal(feedback.Guidance));
                }

                break;
            case RecoveredRetrySignal retry:
                prompt.Append("recovered_retry tool=").Append(DataText.Literal(retry.Tool))
                    .Append(" failed_at=").Append(retry.FailureIndex)
                    .Append(" change=").Append(DataText.Literal(retry.Change))
                    .Append(" failure=").Append(DataText.Literal(retry.FailureTemplate.Text));
                break;
            case UserCorrectionSignal correction:
                prompt.Append("user_correction short=").Append(DataText.Literal(correction.ShortForm))
                    .Append(" quote=").Append(DataText.Literal(correction.Quote));
                break;
            case RememberRequestSignal request:
                prompt.Append("remember_request short=").Append(DataText.Literal(request.ShortForm))
                    .Append(" quote=").Append(DataText.Literal(request.Quote));
                break;
            case MemoryAccessSignal access:
                prompt.Append(access.Access == MemoryAccessKind.Read ? "memory_read" : "memory_write")
                    .Append(" tool=").Append(DataText.Literal(access.Tool))
                    .Append(" path=").Append(DataText.Literal(access.Path));
                break;
            case RepeatedCallSignal repeat:
                prompt.Append("repeated_call tool=").Append(DataText.Literal(repeat.Tool))
                    .Append(" times=").Append(repeat.Count)
                    .Append(" last_at=").Append(repeat.LastIndex)
                    .Append(" input=").Append(DataText.Literal(repeat.Input));
                break;
            default:
                prompt.Append("signal ").Append(DataText.Literal(signal.Signature));
                break;
        }

        if (signal.OffPath)
        {
            prompt.Append(" off_path");
        }

        prompt.Append('\n');
    }
}
