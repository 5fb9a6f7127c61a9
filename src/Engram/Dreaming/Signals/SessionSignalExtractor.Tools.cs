using Engram.Sessions;

namespace Engram.Dreaming.Signals;

internal sealed partial class SessionSignalExtractor
{
    /// <summary>The name given to a result whose call and format name no tool.</summary>
    private const string UnknownTool = "unknown";

    /// <summary>Calls awaiting their result: parallel calls are a handful; results that never come must not pile up.</summary>
    private const int MaxPendingCalls = 256;

    /// <summary>Tool uses after a failure within which a related success counts as getting past it: an agent that retries, or looks for another way, does so within a few steps.</summary>
    internal const int RetryWindow = 5;

    private readonly Dictionary<string, PendingCall> _pending = new(StringComparer.Ordinal);
    private readonly Queue<string> _pendingOrder = new();
    private readonly List<OpenFailure> _failures = [];

    private void RememberPending(string id, PendingCall call)
    {
        if (_pending.TryAdd(id, call))
        {
            _pendingOrder.Enqueue(id);
        }

        while (_pending.Count > MaxPendingCalls && _pendingOrder.TryDequeue(out var oldest))
        {
            _pending.Remove(oldest);
        }
    }

    private void OnToolResult(long index, TranscriptEvent e)
    {
        PendingCall? pending = null;
        if (e.ToolUseId is { } id && _pending.Remove(id, out var found))
        {
            pending = found;
        }

        var call = pending?.Call ?? ToolCall.Read(e.ToolName ?? UnknownTool, null);
        var lane = pending?.Lane ?? Lane(e);
        var text = e.Text ?? "";
        var failed = ToolOutcome.Failed(call, e);
        CountProgramRun(index, call.Program, failed, e.OffPath);
        if (failed)
        {
            var exit = ToolOutcome.ExitCode(e);
            var line = ErrorTemplates.MeaningfulLine(text);
            var template = ErrorTemplates.Mine(text);
            var (failureClass, subject) = FailureClassifier.Classify(line, exit, call, _written);
            var failure = new ToolFailureSignal(sessionId, agent, index, e.OffPath, call.Tool, call.Program, call.Summary, template, SignalText.Quote(line))
            {
                Class = failureClass,
                Subject = subject,
                ExitCode = exit,
            };
            Emit(failure);
            _failures.Add(new OpenFailure(index, call, failure, pending?.Ordinal ?? _toolUses, lane));
            return;
        }

        Recover(index, call, lane, e.OffPath);
        FlushRepeats(run => run.Lane == lane && run.Hash != call.InputHash);
    }

    // The latest open failure this success is related to (same program, enough words in common, or a shared
    // argument) is the one it got past; a success of the very same call, or one unrelated to every open failure (the
    // agent looking around), closes nothing, and the failures stay open until the window passes.
    private void Recover(long index, ToolCall call, string lane, bool offPath)
    {
        var latest = _failures.FindLast(failure => failure.Lane == lane && failure.Call.Tool == call.Tool && call.Retries(failure.Call));
        if (latest is null)
        {
            return;
        }

        _failures.RemoveAll(failure => failure.Lane == lane && failure.Failure.Signature == latest.Failure.Signature);
        var change = SignalText.Change(latest.Call.Summary, call.Summary);
        if (latest.Call.InputHash != call.InputHash && SignalText.Differs(change))
        {
            Emit(new RecoveredRetrySignal(sessionId, agent, index, offPath, call.Tool, latest.Index, latest.Failure.Template,
                latest.Call.Summary, call.Summary, change, call.Shape)
            {
                FailureSignature = latest.Failure.Signature,
                FailureQuote = latest.Failure.Quote,
            });
        }
    }

    private void ExpireFailures() => _failures.RemoveAll(failure => _toolUses - failure.Ordinal > RetryWindow);

    private sealed record PendingCall(long Index, ToolCall Call, long Ordinal, string Lane, bool OffPath);

    private sealed record OpenFailure(long Index, ToolCall Call, ToolFailureSignal Failure, long Ordinal, string Lane);
}
