using Engram.Sessions;
using Engram.Sessions.Formats;

namespace Engram.Tests.Sessions.Formats;

public sealed class OpenAiChatFormatTests
{
    private readonly OpenAiChatFormat _format = new();

    [Fact]
    public async Task Every_role_becomes_its_event_and_each_tool_call_its_own()
    {
        var (events, result) = await FormatFiles.ReadAsync(_format, FormatFiles.Fixture("openai", "chat.json"));

        Assert.Equal(
            [
                "m1:Marker:You are a shell assistant.",
                "m2:UserMessage:List the logs and read the newest.\n\n[image: image/jpeg, 57 bytes]",
                "m3:0:ToolUse:",
                "m3:1:ToolUse:",
                "m4:ToolResult:app-2026-04-01.log\napp-2026-04-02.log",
                "m5:ToolResult:cat: newest.log: No such file or directory",
                "m6:AgentMessage:The newest log is app-2026-04-02.log.",
                "m6:0:ToolUse:",
                "m7:ToolResult:started ok",
            ],
            events.Select(e => $"{e.SourceKey}:{e.Kind}:{e.Text}"));
        Assert.Empty(result.Skipped);
        Assert.Equal(9, result.Events);
    }

    [Fact]
    public async Task Tool_calls_pair_with_results_by_call_id_and_failures_are_inferred()
    {
        var (events, _) = await FormatFiles.ReadAsync(_format, FormatFiles.Fixture("openai", "chat.json"));
        var byKey = events.ToDictionary(e => e.SourceKey + e.Kind);

        Assert.Equal(("call_ls", "shell", "{\"cmd\": \"ls /var/log/app\"}"), (byKey["m3:0ToolUse"].ToolUseId, byKey["m3:0ToolUse"].ToolName, byKey["m3:0ToolUse"].ToolInput));
        Assert.Equal("\"cat newest.log\"", byKey["m3:1ToolUse"].ToolInput);
        Assert.Equal(("call_ls", "shell", false), (byKey["m4ToolResult"].ToolUseId, byKey["m4ToolResult"].ToolName, byKey["m4ToolResult"].IsError));
        Assert.Equal(("call_cat", "shell", true), (byKey["m5ToolResult"].ToolUseId, byKey["m5ToolResult"].ToolName, byKey["m5ToolResult"].IsError));
        Assert.Equal(((string?)null, "read_file", "{\"path\": \"app-2026-04-02.log\"}"), (byKey["m6:0ToolUse"].ToolUseId, byKey["m6:0ToolUse"].ToolName, byKey["m6:0ToolUse"].ToolInput));
        Assert.Equal("read_file", byKey["m7ToolResult"].ToolName);
    }

    [Fact]
    public async Task Json_lines_keep_file_order_when_timestamps_are_out_of_order()
    {
        var (events, result) = await FormatFiles.ReadAsync(_format, FormatFiles.Fixture("openai", "chat.jsonl"));

        Assert.Equal(["m1:Marker", "m2:UserMessage", "m3:0:ToolUse", "m4:ToolResult", "m5:AgentMessage"], events.Select(e => $"{e.SourceKey}:{e.Kind}"));
        Assert.Equal([1L, 2, 3, 4, 5], events.Select(e => e.Line));
        Assert.Equal(new DateTimeOffset(2026, 4, 5, 8, 0, 5, TimeSpan.Zero), events[0].Timestamp);
        Assert.Equal(new DateTimeOffset(2026, 4, 5, 8, 0, 0, TimeSpan.Zero), result.Metadata.StartedAt);
        Assert.Equal(new DateTimeOffset(2026, 4, 5, 8, 0, 12, TimeSpan.Zero), result.Metadata.EndedAt);
        Assert.Equal("shell", events[3].ToolName);
    }

    [Fact]
    public async Task A_truncated_last_line_a_line_that_is_not_json_and_an_unknown_role_are_skipped()
    {
        using var directory = new TempDirectory();
        var path = directory.Write("cut.jsonl", string.Join('\n',
            """{"role":"user","content":"one"}""",
            "not json at all",
            """{"role":"critic","content":"meh"}""",
            """{"role":"assistant","content":"two"}""",
            """{"role":"assistant","content":"thr"""));

        var (events, result) = await FormatFiles.ReadAsync(_format, path);

        Assert.Equal(["one", "two"], events.Select(e => e.Text));
        Assert.Equal(3, result.Skipped.Count);
        Assert.Equal(2, result.Skipped[0].Line);
        Assert.StartsWith("not JSON", result.Skipped[0].Reason, StringComparison.Ordinal);
        Assert.Equal(new SkippedRecord(path, 3, "unknown role 'critic'"), result.Skipped[1]);
        Assert.Equal(new SkippedRecord(path, 5, "truncated last line"), result.Skipped[2]);
    }

    [Fact]
    public async Task A_document_cut_mid_array_yields_the_messages_before_the_cut_and_one_skipped_record()
    {
        using var directory = new TempDirectory();
        var whole = await File.ReadAllTextAsync(FormatFiles.Fixture("openai", "chat.json"));
        var path = directory.Write("cut.json", whole[..whole.IndexOf("\"call_cat\", \"type\"", StringComparison.Ordinal)]);

        var (events, result) = await FormatFiles.ReadAsync(_format, path);

        Assert.Equal(["m1", "m2"], events.Select(e => e.SourceKey));
        Assert.Equal(new SkippedRecord(path, 3, "truncated document (ends inside element 3)"), Assert.Single(result.Skipped));
    }

    [Fact]
    public async Task A_messages_container_with_a_model_reads_like_an_array()
    {
        using var directory = new TempDirectory();
        var path = directory.Write("wrapped.json", "{\n  \"model\": \"gpt-4o\",\n  \"messages\": [\n    {\"role\": \"user\", \"content\": \"hi\"}\n  ]\n}\n");

        var (events, result) = await FormatFiles.ReadAsync(_format, path);

        Assert.Equal("m1:UserMessage:hi", $"{Assert.Single(events).SourceKey}:{events[0].Kind}:{events[0].Text}");
        Assert.Equal("gpt-4o", result.Metadata.Model);
    }

    [Fact]
    public async Task A_two_megabyte_tool_result_is_read_whole()
    {
        using var directory = new TempDirectory();
        var output = new string('z', 2 * 1024 * 1024);
        var path = directory.Write("big.jsonl",
            """{"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"dump","arguments":"{}"}}]}""" + "\n" +
            $$"""{"role":"tool","tool_call_id":"c","content":"{{output}}"}""" + "\n" +
            """{"role":"assistant","content":"done"}""" + "\n");

        var (events, result) = await FormatFiles.ReadAsync(_format, path);

        Assert.Equal(["m1:0", "m2", "m3"], events.Select(e => e.SourceKey));
        Assert.Equal(output, events[1].Text);
        Assert.False(events[1].IsError);
        Assert.Empty(result.Skipped);
    }

    [Fact]
    public async Task Invalid_utf8_is_replaced()
    {
        using var directory = new TempDirectory();
        var path = directory.Write("bad.jsonl", [.. "{\"role\":\"user\",\"content\":\"x"u8, 0xC0, 0xAF, .. "y\"}\n"u8]);

        var (events, result) = await FormatFiles.ReadAsync(_format, path);

        Assert.Equal("x\uFFFD\uFFFDy", Assert.Single(events).Text);
        Assert.Empty(result.Skipped);
    }

    [Fact]
    public async Task A_tool_result_whose_call_is_missing_is_kept_without_a_tool_name()
    {
        using var directory = new TempDirectory();
        var path = directory.Write("orphan.jsonl", """{"role":"tool","tool_call_id":"call_gone","content":"42"}""" + "\n");

        var (events, _) = await FormatFiles.ReadAsync(_format, path);

        var result = Assert.Single(events);
        Assert.Equal((TranscriptEventKind.ToolResult, "call_gone", (string?)null, "42"), (result.Kind, result.ToolUseId, result.ToolName, result.Text));
    }

    [Theory]
    [InlineData("Error: ENOENT: no such file, open 'a.txt'")]
    [InlineData("error: pathspec 'main2' did not match any file(s) known to git")]
    [InlineData("  fatal: not a git repository (or any of the parent directories): .git")]
    [InlineData("error[E0308]: mismatched types")]
    [InlineData("ValueError: invalid literal for int() with base 10: 'x'")]
    [InlineData("Running tests\nTraceback (most recent call last):\n  File \"t.py\", line 1")]
    [InlineData("bash: line 1: rg: command not found")]
    [InlineData("ls: cannot access 'x': No such file or directory")]
    [InlineData("open /etc/shadow: permission denied")]
    [InlineData("Process exited with code 2\nOutput:\nboom")]
    [InlineData("make: *** [all] Error 1\nexit status 2")]
    [InlineData("{\"exit_code\": 127}")]
    [InlineData("subprocess.CalledProcessError: Command 'x' returned non-zero exit status 1.")]
    public void LooksLikeFailure_recognizes_failure_reports(string content) =>
        Assert.True(OpenAiChatFormat.LooksLikeFailure(content));

    [Theory]
    [InlineData("The error handling in parser.cs looks fine; no errors were found.")]
    [InlineData("Error handling is implemented in three layers.")]
    [InlineData("Errors: 0, Warnings: 0")]
    [InlineData("Process exited with code 0\nOutput:\nok")]
    [InlineData("exit code 0")]
    [InlineData("The function returns an ErrorCode enum value.")]
    [InlineData("")]
    public void LooksLikeFailure_leaves_prose_and_successes_alone(string content) =>
        Assert.False(OpenAiChatFormat.LooksLikeFailure(content));

    [Fact]
    public void LooksLikeFailure_reads_the_end_of_a_megabyte_output_but_not_its_middle()
    {
        var filler = new string('.', 1024 * 1024);

        Assert.True(OpenAiChatFormat.LooksLikeFailure(filler + "\nbash: foo: command not found\n"));
        Assert.False(OpenAiChatFormat.LooksLikeFailure(filler + "command not found" + filler));
    }

    [Theory]
    [InlineData("openai", true)]
    [InlineData("openai-lines", true)]
    [InlineData("claude-code", false)]
    [InlineData("events", false)]
    [InlineData("events-document", false)]
    [InlineData("messages", false)]
    [InlineData("codex", false)]
    [InlineData("codex-legacy", false)]
    public void Recognizes_its_own_samples_and_none_of_the_others(string sample, bool expected) =>
        Assert.Equal(expected, _format.Recognizes(FormatFiles.Samples[sample]));
}
