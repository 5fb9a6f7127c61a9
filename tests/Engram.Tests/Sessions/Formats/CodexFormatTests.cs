using Engram.Sessions;
using Engram.Sessions.Formats;

namespace Engram.Tests.Sessions.Formats;

public sealed class CodexFormatTests
{
    private const string Rollout = "rollout-2026-04-06T14-00-00-0199a213-81c0-7800-8aa1-bbab2a035a53.jsonl";

    private readonly CodexFormat _format = new();

    [Fact]
    public async Task Every_item_kind_becomes_its_event_keyed_by_line()
    {
        var (events, result) = await FormatFiles.ReadAsync(_format, FormatFiles.Fixture("codex", Rollout));

        Assert.Equal(
            [
                "line:2:Marker", "line:3:Marker", "line:5:UserMessage", "line:7:Thinking", "line:8:ToolUse", "line:9:ToolResult",
                "line:11:ToolUse", "line:12:ToolResult", "line:13:ToolUse", "line:14:ToolResult", "line:15:AgentMessage",
                "line:18:Compaction", "line:19:Error", "line:20:Marker",
            ],
            events.Select(e => $"{e.SourceKey}:{e.Kind}"));
        Assert.Empty(result.Skipped);
        Assert.Equal("Why does the cart test fail?", events[2].Text);
        Assert.Equal("**Running the tests**", events[3].Text);
        Assert.Equal("Fixed an off-by-one in cart.js; all 12 tests pass.", events[10].Text);
        Assert.Equal("The user asked why the cart test failed; an off-by-one in cart.js was fixed.", events[11].Text);
        Assert.Equal("stream disconnected before completion", events[12].Text);
        Assert.Equal("ghost_snapshot", events[13].Text);
        Assert.Equal(new DateTimeOffset(2026, 4, 6, 14, 0, 1, TimeSpan.Zero), events[2].Timestamp);
        Assert.Equal(5, events[2].Line);
    }

    [Fact]
    public async Task Tool_calls_pair_with_outputs_and_exit_codes_decide_failure()
    {
        var (events, _) = await FormatFiles.ReadAsync(_format, FormatFiles.Fixture("codex", Rollout));
        var byKey = events.ToDictionary(e => e.SourceKey);

        Assert.Equal(("call_A1", "shell", "{\"command\":[\"bash\",\"-lc\",\"npm test\"],\"workdir\":\"/home/dev/shop\"}"), (byKey["line:8"].ToolUseId, byKey["line:8"].ToolName, byKey["line:8"].ToolInput));
        Assert.Equal(("call_A1", "shell", true, "FAIL cart.test.js\n  expected 3, got 2\n"), (byKey["line:9"].ToolUseId, byKey["line:9"].ToolName, byKey["line:9"].IsError, byKey["line:9"].Text));
        Assert.Equal(("apply_patch", "\"*** Begin Patch\\n*** Update File: cart.js\\n@@\\n-  return items.length - 1;\\n+  return items.length;\\n*** End Patch\""), (byKey["line:11"].ToolName, byKey["line:11"].ToolInput));
        Assert.Equal(("call_B2", "apply_patch", false), (byKey["line:12"].ToolUseId, byKey["line:12"].ToolName, byKey["line:12"].IsError));
        Assert.Equal(("call_C3", "local_shell", "{\"type\":\"exec\",\"command\":[\"npm\",\"test\"],\"timeout_ms\":60000}"), (byKey["line:13"].ToolUseId, byKey["line:13"].ToolName, byKey["line:13"].ToolInput));
        Assert.Equal(("call_C3", "local_shell", false, "Tests: 12 passed, 12 total"), (byKey["line:14"].ToolUseId, byKey["line:14"].ToolName, byKey["line:14"].IsError, byKey["line:14"].Text));
    }

    [Fact]
    public async Task Session_meta_turn_context_and_the_last_token_count_make_the_metadata()
    {
        var (_, result) = await FormatFiles.ReadAsync(_format, FormatFiles.Fixture("codex", Rollout));

        Assert.Equal(
            new TranscriptMetadata(
                ExternalId: "0199a213-81c0-7800-8aa1-bbab2a035a53", Agent: "codex_cli_rs",
                StartedAt: new DateTimeOffset(2026, 4, 6, 14, 0, 0, TimeSpan.Zero), EndedAt: new DateTimeOffset(2026, 4, 6, 14, 5, 2, TimeSpan.Zero),
                WorkingDirectory: "/home/dev/shop", GitBranch: "feature/cart", Model: "gpt-5-codex",
                Usage: new TokenUsage(InputTokens: 3000, OutputTokens: 450, CacheReadInputTokens: 6000)),
            result.Metadata);
    }

    [Fact]
    public async Task The_older_rollout_shape_reads_with_its_bare_items_and_state_lines_ignored()
    {
        var (events, result) = await FormatFiles.ReadAsync(_format, FormatFiles.Fixture("codex", "rollout-2025-05-20-legacy.jsonl"));

        Assert.Equal(["line:3:UserMessage", "line:4:ToolUse", "line:6:ToolResult", "line:7:AgentMessage"], events.Select(e => $"{e.SourceKey}:{e.Kind}"));
        Assert.Equal(("call_old1", "shell", true, "bash: date: command not found"), (events[2].ToolUseId, events[2].ToolName, events[2].IsError, events[2].Text));
        Assert.Equal(("5973b6c0-94b8-487b-a530-2aeb6098ae0e", "main"), (result.Metadata.ExternalId, result.Metadata.GitBranch));
        Assert.Equal(new DateTimeOffset(2025, 5, 20, 11, 0, 0, TimeSpan.Zero), result.Metadata.StartedAt);
        Assert.Empty(result.Skipped);
    }

    [Fact]
    public async Task Outputs_without_an_exit_code_fall_back_to_the_failure_rule()
    {
        using var directory = new TempDirectory();
        var path = directory.Write("plain.jsonl", string.Join('\n',
            """{"timestamp":"2026-04-06T14:00:00Z","type":"response_item","payload":{"type":"function_call_output","call_id":"a","output":"Process exited with code 1\nOutput:\nboom"}}""",
            """{"timestamp":"2026-04-06T14:00:01Z","type":"response_item","payload":{"type":"function_call_output","call_id":"b","output":"{\"output\":\"Error: no such target\",\"metadata\":{}}"}}""",
            """{"timestamp":"2026-04-06T14:00:02Z","type":"response_item","payload":{"type":"function_call_output","call_id":"c","output":"{not json but braces}"}}""",
            """{"timestamp":"2026-04-06T14:00:03Z","type":"response_item","payload":{"type":"function_call_output","call_id":"d","output":[{"type":"input_text","text":"rendered"},{"type":"input_image","image_url":"data:image/png;base64,iVBORw0KGgo="}]}}""") + "\n");

        var (events, _) = await FormatFiles.ReadAsync(_format, path);

        Assert.Equal(
            ["a:True:Process exited with code 1\nOutput:\nboom", "b:True:Error: no such target", "c:False:{not json but braces}", "d:False:rendered\n\n[image: image/png, 9 bytes]"],
            events.Select(e => $"{e.ToolUseId}:{e.IsError}:{e.Text}"));
        Assert.All(events, e => Assert.Null(e.ToolName));
    }

    [Fact]
    public async Task A_truncated_last_line_and_a_line_that_is_not_json_are_skipped()
    {
        using var directory = new TempDirectory();
        var path = directory.Write("cut.jsonl", string.Join('\n',
            """{"timestamp":"2026-04-06T14:00:00Z","type":"response_item","payload":{"type":"message","role":"user","content":[{"type":"input_text","text":"hi"}]}}""",
            "\u0000\u0000\u0000garbage",
            """{"timestamp":"2026-04-06T14:00:01Z","type":"response_item","payload":{"type":"message","role":"assistant","content":[{"type":"output_text","text":"hello"}]}}""",
            """{"timestamp":"2026-04-06T14:00:02Z","type":"response_item","payload":{"type":"mess"""));

        var (events, result) = await FormatFiles.ReadAsync(_format, path);

        Assert.Equal(["line:1:hi", "line:3:hello"], events.Select(e => $"{e.SourceKey}:{e.Text}"));
        Assert.Equal(2, result.Skipped.Count);
        Assert.Equal(2, result.Skipped[0].Line);
        Assert.StartsWith("not JSON", result.Skipped[0].Reason, StringComparison.Ordinal);
        Assert.Equal(new SkippedRecord(path, 4, "truncated last line"), result.Skipped[1]);
    }

    [Fact]
    public async Task A_two_megabyte_tool_output_is_read_whole()
    {
        using var directory = new TempDirectory();
        var output = new string('w', 2 * 1024 * 1024);
        var path = directory.Write("big.jsonl",
            """{"type":"response_item","payload":{"type":"function_call","name":"shell","arguments":"{}","call_id":"c"}}""" + "\n" +
            $$$"""{"type":"response_item","payload":{"type":"function_call_output","call_id":"c","output":"{\"output\":\"{{{output}}}\",\"metadata\":{\"exit_code\":0}}"}}""" + "\n");

        var (events, result) = await FormatFiles.ReadAsync(_format, path);

        Assert.Equal(output, events[1].Text);
        Assert.Equal(("shell", false), (events[1].ToolName, events[1].IsError));
        Assert.Empty(result.Skipped);
    }

    [Fact]
    public async Task Images_become_placeholders_and_invalid_utf8_is_replaced()
    {
        using var directory = new TempDirectory();
        var path = directory.Write("mixed.jsonl", [
            .. """{"type":"response_item","payload":{"type":"message","role":"user","content":[{"type":"input_text","text":"see """u8, 0xE2, 0x82,
            .. "\"},{\"type\":\"input_image\",\"image_url\":\"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==\"}]}}\n"u8]);

        var (events, result) = await FormatFiles.ReadAsync(_format, path);

        Assert.Equal("see \uFFFD\n\n[image: image/png, 72 bytes]", Assert.Single(events).Text);
        Assert.Empty(result.Skipped);
    }

    [Fact]
    public async Task Out_of_order_timestamps_keep_file_order()
    {
        using var directory = new TempDirectory();
        var path = directory.Write("order.jsonl", string.Join('\n',
            """{"timestamp":"2026-04-06T15:00:00Z","type":"response_item","payload":{"type":"message","role":"user","content":[{"type":"input_text","text":"second"}]}}""",
            """{"timestamp":"2026-04-06T14:00:00Z","type":"response_item","payload":{"type":"message","role":"assistant","content":[{"type":"output_text","text":"first"}]}}""") + "\n");

        var (events, result) = await FormatFiles.ReadAsync(_format, path);

        Assert.Equal(["second", "first"], events.Select(e => e.Text));
        Assert.Equal((new DateTimeOffset(2026, 4, 6, 14, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 4, 6, 15, 0, 0, TimeSpan.Zero)), (result.Metadata.StartedAt!.Value, result.Metadata.EndedAt!.Value));
    }

    [Fact]
    public async Task A_tool_output_whose_call_is_missing_is_kept_without_a_tool_name()
    {
        using var directory = new TempDirectory();
        var path = directory.Write("orphan.jsonl", """{"type":"response_item","payload":{"type":"function_call_output","call_id":"call_gone","output":"ok"}}""" + "\n");

        var (events, _) = await FormatFiles.ReadAsync(_format, path);

        var result = Assert.Single(events);
        Assert.Equal((TranscriptEventKind.ToolResult, "call_gone", (string?)null, "ok"), (result.Kind, result.ToolUseId, result.ToolName, result.Text));
    }

    [Theory]
    [InlineData("codex", true)]
    [InlineData("codex-legacy", true)]
    [InlineData("claude-code", false)]
    [InlineData("events", false)]
    [InlineData("events-document", false)]
    [InlineData("messages", false)]
    [InlineData("openai", false)]
    [InlineData("openai-lines", false)]
    public void Recognizes_its_own_samples_and_none_of_the_others(string sample, bool expected) =>
        Assert.Equal(expected, _format.Recognizes(FormatFiles.Samples[sample]));
}
