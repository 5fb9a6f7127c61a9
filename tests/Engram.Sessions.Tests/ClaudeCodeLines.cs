using System.Text.Json;

namespace Engram.Sessions.Tests;

/// <summary>Builds Claude Code transcript lines: a chain of records, each the child of the one before.</summary>
internal sealed class ClaudeCodeLines(string sessionId, int firstRecord = 0)
{
    private readonly List<string> _lines = [];
    private string? _parent;
    private int _next = firstRecord;
    private DateTimeOffset _at = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    public IReadOnlyList<string> Lines => _lines;

    public ClaudeCodeLines User(string text) => Add("user", new { role = "user", content = text });

    public ClaudeCodeLines Assistant(string text) => Add("assistant", new
    {
        id = $"msg_{_next}", model = "claude-sonnet-4-5", role = "assistant", content = new object[] { new { type = "text", text } },
        usage = new { input_tokens = 10, output_tokens = 5 },
    });

    public ClaudeCodeLines ToolUse(string id, string name, object input) => Add("assistant", new
    {
        id = $"msg_{_next}", model = "claude-sonnet-4-5", role = "assistant", content = new object[] { new { type = "tool_use", id, name, input } },
        usage = new { input_tokens = 10, output_tokens = 5 },
    });

    public ClaudeCodeLines ToolResult(string id, string content, bool isError) => Add("user", new
    {
        role = "user", content = new object[] { new { type = "tool_result", tool_use_id = id, content, is_error = isError } },
    });

    public string Text => string.Join("\n", _lines) + "\n";

    private ClaudeCodeLines Add(string type, object message)
    {
        var uuid = $"00000000-0000-4000-8000-{_next++:D12}";
        _at = _at.AddSeconds(5);
        _lines.Add(JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["type"] = type, ["uuid"] = uuid, ["parentUuid"] = _parent, ["isSidechain"] = false, ["sessionId"] = sessionId,
            ["timestamp"] = _at.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ["cwd"] = "/work/app", ["gitBranch"] = "main", ["version"] = "2.0.0", ["userType"] = "external", ["message"] = message,
        }));
        _parent = uuid;
        return this;
    }
}
