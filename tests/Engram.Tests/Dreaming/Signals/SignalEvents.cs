using System.Text.Json;
using Engram.Sessions;

namespace Engram.Tests.Dreaming.Signals;

/// <summary>Builds a session's stored events in order, for signal tests.</summary>
internal sealed class SignalEvents(string sessionId = "sesn_a")
{
    private readonly List<StoredEvent> _events = [];
    private int _ids;

    public IReadOnlyList<StoredEvent> Events => _events;

    public SignalEvents User(string text, bool offPath = false) => Add(new TranscriptEvent(TranscriptEventKind.UserMessage, Key(), null, text, OffPath: offPath));

    public SignalEvents Agent(string text) => Add(new TranscriptEvent(TranscriptEventKind.AgentMessage, Key(), null, text));

    public SignalEvents Call(string tool, object input, string result, bool isError = false, bool offPath = false)
    {
        var id = $"toolu_{++_ids:D4}";
        Add(new TranscriptEvent(TranscriptEventKind.ToolUse, Key(), null, null, id, tool, JsonSerializer.Serialize(input), OffPath: offPath));
        return Add(new TranscriptEvent(TranscriptEventKind.ToolResult, Key(), null, result, id, IsError: isError, OffPath: offPath));
    }

    public SignalEvents Bash(string command, string result, bool isError = false, bool offPath = false) =>
        Call("Bash", new { command }, result, isError, offPath);

    private SignalEvents Add(TranscriptEvent e)
    {
        _events.Add(new StoredEvent(sessionId, _events.Count, e));
        return this;
    }

    private string Key() => $"k{_events.Count}";
}
