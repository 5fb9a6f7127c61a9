using System.Text.Json;
using Engram.Dreaming.Analysis;
using Engram.Dreaming.Signals;
using Engram.Sessions;

namespace Engram.Dreaming.Tests.Dreaming.Model;

/// <summary>Builds one session's stored events in order, then its digest through the real signal extraction.</summary>
internal sealed class Transcript(string sessionId, string agent = "builder")
{
    private readonly List<StoredEvent> _events = [];
    private int _ids;

    public string SessionId => sessionId;

    public IReadOnlyList<StoredEvent> Events => _events;

    public Transcript User(string text) => Add(new TranscriptEvent(TranscriptEventKind.UserMessage, Key(), null, text));

    public Transcript Agent(string text) => Add(new TranscriptEvent(TranscriptEventKind.AgentMessage, Key(), null, text));

    public Transcript Call(string tool, object input, string result, bool isError = false)
    {
        var id = $"toolu_{sessionId}_{++_ids:D4}";
        Add(new TranscriptEvent(TranscriptEventKind.ToolUse, Key(), null, null, id, tool, JsonSerializer.Serialize(input)));
        return Add(new TranscriptEvent(TranscriptEventKind.ToolResult, Key(), null, result, id, IsError: isError));
    }

    public Transcript Bash(string command, string result, bool isError = false) => Call("Bash", new { command }, result, isError);

    /// <summary>Uneventful work: an agent message and a successful file read per step.</summary>
    public Transcript Filler(int steps, string marker = "")
    {
        for (var i = 0; i < steps; i++)
        {
            Agent($"Looking at part {i} of the module. {marker}").Call("Read", new { file_path = $"/srv/app/src/part{i}.py" }, $"def part_{i}():\n    return {i}\n{marker}");
        }

        return this;
    }

    public SessionDigest Digest(DateTimeOffset? startedAt = null) =>
        new(sessionId, agent, startedAt, _events.Count, SessionSignals.Extract(sessionId, agent, _events));

    private Transcript Add(TranscriptEvent e)
    {
        _events.Add(new StoredEvent(sessionId, _events.Count, e));
        return this;
    }

    private string Key() => $"k{_events.Count}";
}
