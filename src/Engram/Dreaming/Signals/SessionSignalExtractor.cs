using Engram.Sessions;

namespace Engram.Dreaming.Signals;

/// <summary>The state of one pass over a session's events; see <see cref="SessionSignals"/>.</summary>
internal sealed partial class SessionSignalExtractor(string sessionId, string agent)
{
    private readonly List<Signal> _signals = [];
    private readonly WrittenNames _written = new();
    private long _toolUses;
    private bool _agentActedSinceUser;
    private bool _userSpoke;
    private DateTimeOffset? _lastTime;

    public void Add(long index, TranscriptEvent e)
    {
        _lastTime = e.Timestamp ?? _lastTime;
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
            case TranscriptEventKind.Feedback:
                OnFeedback(index, e);
                break;
            case TranscriptEventKind.UserMessage when !e.OffPath:
                OnUserMessage(index, e.Text ?? "");
                _agentActedSinceUser = false;
                _userSpoke = true;
                break;
        }
    }

    public IReadOnlyList<Signal> Finish()
    {
        FlushRepeats(static _ => true);
        FlushProgramRuns();
        return [.. _signals.OrderBy(signal => signal.EventIndex)];
    }

    private void Emit(Signal signal) => _signals.Add(signal with { At = _lastTime });

    // A correction needs something to correct: the agent acted since the user last spoke.
    private void OnUserMessage(long index, string text)
    {
        if (_agentActedSinceUser && UserIntent.Correction(text) is { } correction)
        {
            Emit(new UserCorrectionSignal(sessionId, agent, index, false, SignalText.Quote(correction), SignalText.ShortForm(correction)));
        }

        if (UserIntent.RememberRequest(text, opening: !_userSpoke) is { } request)
        {
            Emit(new RememberRequestSignal(sessionId, agent, index, false, SignalText.Quote(request), SignalText.ShortForm(request)) { Opening = !_userSpoke });
        }
    }

    private void OnFeedback(long index, TranscriptEvent e)
    {
        var text = e.Text ?? "";
        var first = FeedbackText.Sentences(text).FirstOrDefault() ?? "";
        Emit(new FeedbackSignal(sessionId, agent, index, e.OffPath, ErrorTemplates.Mine(first), SignalText.Quote(first), FeedbackText.Instructions(text))
        {
            Topic = FeedbackText.Topic(text),
        });
    }

    private void OnToolUse(long index, TranscriptEvent e)
    {
        _toolUses++;
        var call = ToolCall.Read(e.ToolName ?? UnknownTool, e.ToolInput);
        foreach (var (path, access) in MemoryAccessRules.Accesses(call))
        {
            Emit(new MemoryAccessSignal(sessionId, agent, index, e.OffPath, call.Tool, path, access));
        }

        _written.Add(call);
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
