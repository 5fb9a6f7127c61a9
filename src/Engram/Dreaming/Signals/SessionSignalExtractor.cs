using Engram.Sessions;

namespace Engram.Dreaming.Signals;

/// <summary>The state of one pass over a session's events; see <see cref="SessionSignals"/>.</summary>
internal sealed partial class SessionSignalExtractor(string sessionId, string agent)
{
    private readonly List<Signal> _signals = [];
    private long _toolUses;
    private bool _agentActedSinceUser;

    public void Add(long index, TranscriptEvent e)
    {
        switch (e.Kind)
        {
            case TranscriptEventKind.ToolUse:
                OnToolUse(index, e);
                _agentActedSinceUser = true;
                break;
            case TranscriptEventKind.ToolResult:
                OnToolResult(index, e);
                _agentActedSinceUser = true;
                break;
            case TranscriptEventKind.AgentMessage:
                _agentActedSinceUser = true;
                break;
            case TranscriptEventKind.UserMessage when !e.OffPath:
                OnUserMessage(index, e.Text ?? "");
                _agentActedSinceUser = false;
                break;
        }
    }

    public IReadOnlyList<Signal> Finish()
    {
        FlushRepeats(static _ => true);
        FlushProgramRuns();
        return [.. _signals.OrderBy(signal => signal.EventIndex)];
    }

    // A correction needs something to correct: the agent acted since the user last spoke.
    private void OnUserMessage(long index, string text)
    {
        if (_agentActedSinceUser && UserIntent.IsCorrection(text))
        {
            _signals.Add(new UserCorrectionSignal(sessionId, agent, index, false, SignalText.Quote(text), SignalText.ShortForm(text)));
        }

        if (UserIntent.IsRememberRequest(text))
        {
            _signals.Add(new RememberRequestSignal(sessionId, agent, index, false, SignalText.Quote(text), SignalText.ShortForm(text)));
        }
    }

    private void OnToolUse(long index, TranscriptEvent e)
    {
        _toolUses++;
        var call = ToolCall.Read(e.ToolName ?? UnknownTool, e.ToolInput);
        foreach (var (path, access) in MemoryAccessRules.Accesses(call))
        {
            _signals.Add(new MemoryAccessSignal(sessionId, agent, index, e.OffPath, call.Tool, path, access));
        }

        var lane = Lane(e);
        CountRepeat(index, lane, call, e.OffPath);
        ExpireFailures();
        if (e.ToolUseId is { } id)
        {
            RememberPending(id, new PendingCall(index, call, _toolUses, lane, e.OffPath));
        }
    }

    // Sub-agent transcripts and rewound branches interleave with the main one; pairing stays within one.
    private static string Lane(TranscriptEvent e) => $"{(e.OffPath ? 1 : 0)}|{e.File}";
}
