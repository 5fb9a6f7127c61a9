using Engram.Sessions;
using Engram.Sessions.Formats;

namespace Engram.Dreaming.Signals;

internal sealed partial class SessionSignalExtractor
{
    /// <summary>The name given to a result whose call and format name no tool.</summary>
    private const string UnknownTool = "unknown";

    /// <summary>Calls awaiting their result: parallel calls are a handful; results that never come must not pile up.</summary>
    private const int MaxPendingCalls = 256;

    /// <summary>Tool uses after a failure within which a success of the same tool counts as its retry: an agent that retries does so at once.</summary>
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

        // Shells often report failure only in their output; other tools' output is data (a file may say "Error:").
        var failed = e.IsError || (call.Command is not null && OpenAiChatFormat.LooksLikeFailure(text));
        CountProgramRun(index, call.Program, failed, e.OffPath);
        if (failed)
        {
            var template = ErrorTemplates.Mine(text);
            _signals.Add(new ToolFailureSignal(sessionId, agent, index, e.OffPath, call.Tool, call.Program, call.Summary, template,
                SignalText.Quote(ErrorTemplates.MeaningfulLine(text))));
            _failures.Add(new OpenFailure(index, call, template, pending?.Ordinal ?? _toolUses, lane));
            return;
        }

        Recover(index, call, lane, e.OffPath);
        FlushRepeats(run => run.Lane == lane && run.Hash != call.InputHash);
    }

    // The latest open failure of the same tool is the one retried (if the success is related to it: same program or
    // enough words in common); the success closes every open failure of that tool either way.
    private void Recover(long index, ToolCall call, string lane, bool offPath)
    {
        var latest = _failures.FindLast(failure => failure.Lane == lane && failure.Call.Tool == call.Tool);
        if (latest is null)
        {
            return;
        }

        _failures.RemoveAll(failure => failure.Lane == lane && failure.Call.Tool == call.Tool);
        if (latest.Call.InputHash != call.InputHash && call.Retries(latest.Call))
        {
            _signals.Add(new RecoveredRetrySignal(sessionId, agent, index, offPath, call.Tool, latest.Index, latest.Template,
                latest.Call.Summary, call.Summary, SignalText.Change(latest.Call.Summary, call.Summary), call.Shape));
        }
    }

    private void ExpireFailures() => _failures.RemoveAll(failure => _toolUses - failure.Ordinal > RetryWindow);

    private sealed record PendingCall(long Index, ToolCall Call, long Ordinal, string Lane, bool OffPath);

    private sealed record OpenFailure(long Index, ToolCall Call, ErrorTemplate Template, long Ordinal, string Lane);
}
