using System.Text;
using Engram.Sessions;
using Engram.Sessions.Formats;

namespace Engram.Tests.Sessions.Formats;

public sealed class HostedEventsFormatTests
{
    private readonly HostedEventsFormat _format = new();

    [Fact]
    public async Task Every_event_type_becomes_its_kind_in_file_order()
    {
        var (events, result) = await FormatFiles.ReadAsync(_format, FormatFiles.Fixture("events", "sesn_01HqRk7v.jsonl"));

        Assert.Equal(
            [
                "sevt_01:UserMessage", "sevt_02:Marker", "sevt_03:Marker", "sevt_04:Thinking", "sevt_05:AgentMessage", "sevt_06:ToolUse",
                "sevt_07:Marker", "sevt_08:ToolResult", "sevt_09:ToolUse", "sevt_10:ToolResult", "sevt_11:ToolUse", "sevt_12:Marker",
                "sevt_13:ToolResult", "sevt_14:Compaction", "sevt_15:Error", "sevt_16:UserMessage", "sevt_17:AgentMessage", "sevt_18:Marker",
            ],
            events.Select(e => $"{e.SourceKey}:{e.Kind}"));
        Assert.Equal(18, result.Events);
        Assert.Empty(result.Skipped);
        Assert.Equal("Summarize the failing tests in the repo.", events[0].Text);
        Assert.Equal("session.status_running", events[1].Text);
        Assert.Equal(new DateTimeOffset(2026, 4, 2, 9, 0, 0, TimeSpan.Zero), events[0].Timestamp);
        Assert.Equal(1, events[0].Line);
        Assert.StartsWith("{\"type\":\"user.message\",\"id\":\"sevt_01\"", events[0].Raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tool_uses_and_results_pair_by_the_ids_each_event_type_names()
    {
        var (events, _) = await FormatFiles.ReadAsync(_format, FormatFiles.Fixture("events", "sesn_01HqRk7v.jsonl"));
        var byKey = events.ToDictionary(e => e.SourceKey);

        Assert.Equal(("sevt_06", "bash", "{\"command\":\"dotnet test\"}"), (byKey["sevt_06"].ToolUseId, byKey["sevt_06"].ToolName, byKey["sevt_06"].ToolInput));
        Assert.Equal(("sevt_06", "bash", true, "Failed: 2, Passed: 40"), (byKey["sevt_08"].ToolUseId, byKey["sevt_08"].ToolName, byKey["sevt_08"].IsError, byKey["sevt_08"].Text));
        Assert.Equal(("sevt_09", "mcp__github__create_issue"), (byKey["sevt_09"].ToolUseId, byKey["sevt_09"].ToolName));
        Assert.Equal(("sevt_09", "mcp__github__create_issue", false), (byKey["sevt_10"].ToolUseId, byKey["sevt_10"].ToolName, byKey["sevt_10"].IsError));
        Assert.Equal(("sevt_11", "notify_team", "posted"), (byKey["sevt_13"].ToolUseId, byKey["sevt_13"].ToolName, byKey["sevt_13"].Text));
    }

    [Fact]
    public async Task Errors_images_sub_agent_threads_and_metadata_are_read()
    {
        var (events, result) = await FormatFiles.ReadAsync(_format, FormatFiles.Fixture("events", "sesn_01HqRk7v.jsonl"));
        var byKey = events.ToDictionary(e => e.SourceKey);

        Assert.Equal("model_overloaded_error: The model is overloaded", byKey["sevt_15"].Text);
        Assert.Equal("Here is the screenshot.\n\n[image: image/png, 72 bytes]", byKey["sevt_16"].Text);
        Assert.True(byKey["sevt_17"].OffPath);
        Assert.False(byKey["sevt_16"].OffPath);
        Assert.Null(byKey["sevt_04"].Text);
        Assert.Equal("sesn_01HqRk7v", result.Metadata.ExternalId);
        Assert.Equal(new DateTimeOffset(2026, 4, 2, 9, 0, 0, TimeSpan.Zero), result.Metadata.StartedAt);
        Assert.Equal(new DateTimeOffset(2026, 4, 2, 9, 8, 0, TimeSpan.Zero), result.Metadata.EndedAt);
        Assert.Equal(new TokenUsage(1200, 80, 300, 900), result.Metadata.Usage);
    }

    [Fact]
    public async Task A_pretty_printed_list_response_streams_its_data_array()
    {
        var (events, result) = await FormatFiles.ReadAsync(_format, FormatFiles.Fixture("events", "list-response.json"));

        Assert.Equal(["sevt_a1:UserMessage", "sevt_a2:ToolUse", "sevt_a3:ToolResult", "sevt_a4:AgentMessage"], events.Select(e => $"{e.SourceKey}:{e.Kind}"));
        Assert.Equal([1L, 2, 3, 4], events.Select(e => e.Line));
        Assert.Equal("read", events[2].ToolName);
        Assert.Equal("## 2.1.0\n- Faster search", events[2].Text);
        Assert.Empty(result.Skipped);
    }

    [Fact]
    public async Task A_json_array_of_events_and_a_single_line_list_response_read_alike()
    {
        using var directory = new TempDirectory();
        var array = directory.Write("events.json", """[{"type":"user.message","id":"a","content":"hi"},{"type":"agent.message","id":"b","content":[{"type":"text","text":"hello"}]}]""");
        var page = directory.Write("page.jsonl", """{"data":[{"type":"user.message","id":"a","content":"hi"},{"type":"agent.message","id":"b","content":[{"type":"text","text":"hello"}]}],"next_page":null}""" + "\n");

        foreach (var path in new[] { array, page })
        {
            var (events, result) = await FormatFiles.ReadAsync(_format, path);
            Assert.Equal(["a:UserMessage:hi", "b:AgentMessage:hello"], events.Select(e => $"{e.SourceKey}:{e.Kind}:{e.Text}"));
            Assert.Empty(result.Skipped);
        }
    }

    [Fact]
    public async Task The_session_object_saved_with_its_events_names_the_agent_model_title_and_id_and_is_no_event()
    {
        using var directory = new TempDirectory();
        var path = directory.Write("export.jsonl", string.Join('\n',
            """{"type":"session","id":"sesn_011CZkZAtmR3yMPDzynEDxu7","title":"Deploy billing","status":"terminated","agent":{"type":"agent","id":"agent_011CZk","name":"Release Bot","version":3,"model":{"id":"claude-sonnet-4-5","speed":"standard"}},"created_at":"2026-11-16T10:00:00Z"}""",
            """{"type":"user.message","id":"a","session_id":"sesn_other","processed_at":"2026-11-16T10:00:07Z","content":"deploy"}""",
            """{"type":"agent.message","id":"b","processed_at":"2026-11-16T10:00:09Z","content":"done"}""") + "\n");

        var (events, result) = await FormatFiles.ReadAsync(_format, path);

        Assert.Equal(["a:UserMessage", "b:AgentMessage"], events.Select(e => $"{e.SourceKey}:{e.Kind}"));
        Assert.Equal(2, result.Events);
        Assert.Empty(result.Skipped);
        Assert.Equal(("Release Bot", "claude-sonnet-4-5", "Deploy billing", "sesn_011CZkZAtmR3yMPDzynEDxu7"),
            (result.Metadata.Agent, result.Metadata.Model, result.Metadata.Title, result.Metadata.ExternalId));
        Assert.Equal(new DateTimeOffset(2026, 11, 16, 10, 0, 7, TimeSpan.Zero), result.Metadata.StartedAt);
        Assert.Equal("release-bot", ((ITranscriptFormat)_format).AgentOf(result.Metadata));
    }

    [Fact]
    public async Task Events_without_a_session_object_name_no_agent_and_keep_the_format_name()
    {
        var (_, result) = await FormatFiles.ReadAsync(_format, FormatFiles.Fixture("events", "sesn_01HqRk7v.jsonl"));

        Assert.Null(result.Metadata.Agent);
        Assert.Null(((ITranscriptFormat)_format).AgentOf(result.Metadata));
    }

    [Fact]
    public void A_file_that_starts_with_the_session_object_is_detected_as_events_and_one_with_nothing_else_is_not()
    {
        const string Session = """{"type":"session","id":"sesn_1","agent":{"type":"agent","name":"deployer"}}""";
        const string Event = """{"type":"user.message","id":"a","content":"hi"}""";

        Assert.Equal("events", TranscriptFormats.Detect(Sample(Session + "\n" + Event + "\n"))?.Name);
        Assert.Null(TranscriptFormats.Detect(Sample(Session + "\n")));
    }

    private static TranscriptSample Sample(string text) =>
        new("sample.jsonl", text, [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries)]);

    [Fact]
    public async Task A_truncated_last_line_and_a_line_that_is_not_json_are_skipped_with_their_line_numbers()
    {
        using var directory = new TempDirectory();
        var path = directory.Write("cut.jsonl", string.Join('\n',
            """{"type":"user.message","id":"a","content":"one"}""",
            "<html>502 Bad Gateway</html>",
            """["an array"]""",
            """{"type":"agent.message","id":"b","content":"two"}""",
            """{"type":"agent.message","id":"c","cont"""));

        var (events, result) = await FormatFiles.ReadAsync(_format, path);

        Assert.Equal(["a", "b"], events.Select(e => e.SourceKey));
        Assert.Equal(3, result.Skipped.Count);
        Assert.Equal((2L, true), (result.Skipped[0].Line, result.Skipped[0].Reason.StartsWith("not JSON", StringComparison.Ordinal)));
        Assert.Equal(new SkippedRecord(path, 3, "not a JSON object"), result.Skipped[1]);
        Assert.Equal(new SkippedRecord(path, 5, "truncated last line"), result.Skipped[2]);
    }

    [Fact]
    public async Task A_document_cut_mid_array_yields_the_events_before_the_cut_and_one_skipped_record()
    {
        using var directory = new TempDirectory();
        var whole = await File.ReadAllTextAsync(FormatFiles.Fixture("events", "list-response.json"));
        var path = directory.Write("cut.json", whole[..whole.IndexOf("\"sevt_a3\"", StringComparison.Ordinal)]);

        var (events, result) = await FormatFiles.ReadAsync(_format, path);

        Assert.Equal(["sevt_a1", "sevt_a2"], events.Select(e => e.SourceKey));
        Assert.Equal(new SkippedRecord(path, 3, "truncated document (ends inside element 3)"), Assert.Single(result.Skipped));
    }

    [Fact]
    public async Task A_two_megabyte_tool_result_is_read_whole()
    {
        using var directory = new TempDirectory();
        var output = new string('x', 2 * 1024 * 1024);
        var path = directory.Write("big.json", $$$"""[{"type":"agent.tool_use","id":"u","name":"cat","input":{}},{"type":"agent.tool_result","id":"r","tool_use_id":"u","content":[{"type":"text","text":"{{{output}}}"}]},{"type":"agent.message","id":"m","content":"done"}]""");

        var (events, result) = await FormatFiles.ReadAsync(_format, path);

        Assert.Equal(["u", "r", "m"], events.Select(e => e.SourceKey));
        Assert.Equal(output.Length, events[1].Text!.Length);
        Assert.Empty(result.Skipped);
    }

    [Fact]
    public async Task Invalid_utf8_is_replaced_in_json_lines_and_in_documents()
    {
        using var directory = new TempDirectory();
        byte[] bad = [0xC3, 0x28, 0xFF];
        var lines = directory.Write("bad.jsonl", [.. "{\"type\":\"user.message\",\"id\":\"a\",\"content\":\"caf"u8, .. bad, .. "\"}\n"u8]);
        var document = directory.Write("bad.json", [.. "[\n{\"type\":\"user.message\",\"id\":\"a\",\"content\":\"caf"u8, .. bad, .. "\"}\n]"u8]);

        foreach (var path in new[] { lines, document })
        {
            var (events, result) = await FormatFiles.ReadAsync(_format, path);
            Assert.Equal("caf\uFFFD(\uFFFD", Assert.Single(events).Text);
            Assert.Empty(result.Skipped);
        }
    }

    [Fact]
    public async Task Out_of_order_timestamps_keep_file_order_and_widen_the_time_range()
    {
        using var directory = new TempDirectory();
        var path = directory.Write("order.jsonl", string.Join('\n',
            """{"type":"user.message","id":"a","processed_at":"2026-04-02T10:00:00Z","content":"late"}""",
            """{"type":"agent.message","id":"b","processed_at":"2026-04-02T09:00:00Z","content":"early"}""",
            """{"type":"agent.message","id":"c","created_at":"2026-04-02T09:30:00Z","content":"middle"}""") + "\n");

        var (events, result) = await FormatFiles.ReadAsync(_format, path);

        Assert.Equal(["a", "b", "c"], events.Select(e => e.SourceKey));
        Assert.Equal(new DateTimeOffset(2026, 4, 2, 9, 30, 0, TimeSpan.Zero), events[2].Timestamp);
        Assert.Equal(new DateTimeOffset(2026, 4, 2, 9, 0, 0, TimeSpan.Zero), result.Metadata.StartedAt);
        Assert.Equal(new DateTimeOffset(2026, 4, 2, 10, 0, 0, TimeSpan.Zero), result.Metadata.EndedAt);
    }

    [Fact]
    public async Task A_tool_result_whose_tool_use_is_missing_is_kept_without_a_tool_name()
    {
        using var directory = new TempDirectory();
        var path = directory.Write("orphan.jsonl", """{"type":"agent.tool_result","id":"r","tool_use_id":"sevt_gone","content":[{"type":"text","text":"ok"}]}""" + "\n");

        var (events, _) = await FormatFiles.ReadAsync(_format, path);

        var result = Assert.Single(events);
        Assert.Equal((TranscriptEventKind.ToolResult, "sevt_gone", (string?)null, "ok"), (result.Kind, result.ToolUseId, result.ToolName, result.Text));
    }

    [Fact]
    public async Task Unknown_event_types_are_kept_as_markers_and_events_without_a_type_are_skipped()
    {
        using var directory = new TempDirectory();
        var path = directory.Write("new.jsonl", """{"type":"agent.hologram","id":"h"}""" + "\n" + """{"id":"x"}""" + "\n");

        var (events, result) = await FormatFiles.ReadAsync(_format, path);

        Assert.Equal(("h", TranscriptEventKind.Marker, "agent.hologram"), (Assert.Single(events).SourceKey, events[0].Kind, events[0].Text));
        Assert.Equal(new SkippedRecord(path, 2, "no event type"), Assert.Single(result.Skipped));
    }

    [Theory]
    [InlineData("events", true)]
    [InlineData("events-document", true)]
    [InlineData("claude-code", false)]
    [InlineData("messages", false)]
    [InlineData("openai", false)]
    [InlineData("openai-lines", false)]
    [InlineData("codex", false)]
    [InlineData("codex-legacy", false)]
    public void Recognizes_its_own_samples_and_none_of_the_others(string sample, bool expected) =>
        Assert.Equal(expected, _format.Recognizes(FormatFiles.Samples[sample]));
}

/// <summary>Fixture paths, format samples and a collecting read, shared by the format tests.</summary>
internal static class FormatFiles
{
    public const string ClaudeCodeLine = """{"type":"user","uuid":"7d0c1f3e-5b2a-4c8e-9f1d-2a3b4c5d6e7f","parentUuid":null,"isSidechain":false,"sessionId":"0f8e7d6c-5b4a-3928-1706-f5e4d3c2b1a0","timestamp":"2026-04-01T12:00:00Z","cwd":"/repo","message":{"role":"user","content":"fix the build"}}""";

    public static readonly IReadOnlyDictionary<string, TranscriptSample> Samples = new Dictionary<string, TranscriptSample>
    {
        ["events"] = SampleOf(File.ReadAllText(Fixture("events", "sesn_01HqRk7v.jsonl"))),
        ["events-document"] = SampleOf(File.ReadAllText(Fixture("events", "list-response.json"))),
        ["claude-code"] = SampleOf(ClaudeCodeLine + "\n" + ClaudeCodeLine.Replace("\"type\":\"user\"", "\"type\":\"assistant\"", StringComparison.Ordinal) + "\n"),
        ["messages"] = SampleOf(File.ReadAllText(Fixture("messages", "conversation.json"))),
        ["openai"] = SampleOf(File.ReadAllText(Fixture("openai", "chat.json"))),
        ["openai-lines"] = SampleOf(File.ReadAllText(Fixture("openai", "chat.jsonl"))),
        ["codex"] = SampleOf(File.ReadAllText(Fixture("codex", "rollout-2026-04-06T14-00-00-0199a213-81c0-7800-8aa1-bbab2a035a53.jsonl"))),
        ["codex-legacy"] = SampleOf(File.ReadAllText(Fixture("codex", "rollout-2025-05-20-legacy.jsonl"))),
    };

    public static string Fixture(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "Sessions", "Fixtures", .. parts]);

    /// <summary>A detection sample as the importer builds one: the first 64 KiB, and its first non-empty lines.</summary>
    public static TranscriptSample SampleOf(string text)
    {
        var head = text.Length > 64 * 1024 ? text[..(64 * 1024)] : text;
        var lines = head.Split('\n').Where(l => l.Trim().Length > 0).Take(20).ToList();
        return new TranscriptSample("sample", head, lines);
    }

    public static async Task<(List<TranscriptEvent> Events, TranscriptReadResult Result)> ReadAsync(ITranscriptFormat format, string path)
    {
        var events = new List<TranscriptEvent>();
        var result = await format.ReadAsync(path, e => { events.Add(e); return ValueTask.CompletedTask; }, CancellationToken.None);
        return (events, result);
    }
}

/// <summary>A scratch directory removed after the test.</summary>
internal sealed class TempDirectory : IDisposable
{
    private readonly string _path = Directory.CreateTempSubdirectory("engram-formats-").FullName;

    public string Write(string name, string text) => Write(name, Encoding.UTF8.GetBytes(text));

    public string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_path, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose() => Directory.Delete(_path, recursive: true);
}
