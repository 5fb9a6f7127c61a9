using Engram.Sessions;
using Engram.Sessions.Formats;

namespace Engram.Tests.Sessions.Formats;

public sealed class MessagesFormatTests
{
    private readonly MessagesFormat _format = new();

    [Fact]
    public async Task Every_block_kind_becomes_its_event_keyed_by_message_and_block()
    {
        var (events, result) = await FormatFiles.ReadAsync(_format, FormatFiles.Fixture("messages", "conversation.json"));

        Assert.Equal(
            [
                "system:Marker:You are a careful release engineer.",
                "m1:UserMessage:Is the build green?",
                "m2:0:Thinking:Check CI before answering.",
                "m2:1:AgentMessage:Let me check CI.",
                "m2:2:ToolUse:",
                "m3:0:ToolResult:CI API returned 503",
                "m3:1:UserMessage:[image: image/png, 72 bytes]",
                "m4:0:AgentMessage:CI is down; I cannot tell yet.",
            ],
            events.Select(e => $"{e.SourceKey}:{e.Kind}:{e.Text}"));
        Assert.Equal([0L, 1, 2, 2, 2, 3, 3, 4], events.Select(e => e.Line));
        Assert.Equal("claude-sonnet-4-5", result.Metadata.Model);
        Assert.Null(result.Metadata.StartedAt);
        Assert.Empty(result.Skipped);
        Assert.Equal(8, result.Events);
    }

    [Fact]
    public async Task Tool_results_take_the_name_of_their_tool_use_and_keep_the_error_flag()
    {
        var (events, _) = await FormatFiles.ReadAsync(_format, FormatFiles.Fixture("messages", "conversation.json"));
        var use = events.Single(e => e.Kind == TranscriptEventKind.ToolUse);
        var result = events.Single(e => e.Kind == TranscriptEventKind.ToolResult);

        Assert.Equal(("toolu_01A", "ci_status", "{\"branch\": \"main\"}"), (use.ToolUseId, use.ToolName, use.ToolInput));
        Assert.Equal(("toolu_01A", "ci_status", true), (result.ToolUseId, result.ToolName, result.IsError));
        Assert.StartsWith("{\"type\": \"tool_result\"", result.Raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bare_array_reads_and_unknown_roles_are_skipped_with_their_index()
    {
        using var directory = new TempDirectory();
        var path = directory.Write("bare.json", """[{"role":"user","content":"hi"},{"role":"narrator","content":"meanwhile"},"oops",{"role":"assistant","content":"hello"}]""");

        var (events, result) = await FormatFiles.ReadAsync(_format, path);

        Assert.Equal(["m1:UserMessage:hi", "m4:AgentMessage:hello"], events.Select(e => $"{e.SourceKey}:{e.Kind}:{e.Text}"));
        Assert.Equal([new SkippedRecord(path, 2, "unknown role 'narrator'"), new SkippedRecord(path, 3, "not a JSON object")], result.Skipped);
    }

    [Fact]
    public async Task A_document_cut_mid_array_yields_the_messages_before_the_cut_and_one_skipped_record()
    {
        using var directory = new TempDirectory();
        var whole = await File.ReadAllTextAsync(FormatFiles.Fixture("messages", "conversation.json"));
        var path = directory.Write("cut.json", whole[..whole.IndexOf("CI API returned", StringComparison.Ordinal)]);

        var (events, result) = await FormatFiles.ReadAsync(_format, path);

        Assert.Equal(["system", "m1", "m2:0", "m2:1", "m2:2"], events.Select(e => e.SourceKey));
        Assert.Equal(new SkippedRecord(path, 3, "truncated document (ends inside element 3)"), Assert.Single(result.Skipped));
    }

    [Fact]
    public async Task Garbage_after_valid_messages_is_reported_not_thrown()
    {
        using var directory = new TempDirectory();
        var path = directory.Write("garbage.json", """[{"role":"user","content":"hi"}, {"role": nope}]""");

        var (events, result) = await FormatFiles.ReadAsync(_format, path);

        Assert.Equal(["m1"], events.Select(e => e.SourceKey));
        var skipped = Assert.Single(result.Skipped);
        Assert.Equal(2, skipped.Line);
        Assert.StartsWith("not JSON", skipped.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_two_megabyte_tool_result_is_read_whole()
    {
        using var directory = new TempDirectory();
        var output = new string('y', 2 * 1024 * 1024);
        var path = directory.Write("big.json", $$$"""{"messages":[{"role":"assistant","content":[{"type":"tool_use","id":"t","name":"cat","input":{}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":"{{{output}}}"}]},{"role":"assistant","content":"done"}]}""");

        var (events, result) = await FormatFiles.ReadAsync(_format, path);

        Assert.Equal(["m1:0", "m2:0", "m3"], events.Select(e => e.SourceKey));
        Assert.Equal(output, events[1].Text);
        Assert.Equal("cat", events[1].ToolName);
        Assert.Empty(result.Skipped);
    }

    [Fact]
    public async Task Invalid_utf8_is_replaced()
    {
        using var directory = new TempDirectory();
        var path = directory.Write("bad.json", [.. "[{\"role\":\"user\",\"content\":\"na"u8, 0xFF, 0xFE, .. "ve\"}]"u8]);

        var (events, result) = await FormatFiles.ReadAsync(_format, path);

        Assert.Equal("na\uFFFD\uFFFDve", Assert.Single(events).Text);
        Assert.Empty(result.Skipped);
    }

    [Fact]
    public async Task A_tool_result_whose_tool_use_is_missing_is_kept_without_a_tool_name()
    {
        using var directory = new TempDirectory();
        var path = directory.Write("orphan.json", """[{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_gone","content":"stale"}]}]""");

        var (events, _) = await FormatFiles.ReadAsync(_format, path);

        var result = Assert.Single(events);
        Assert.Equal((TranscriptEventKind.ToolResult, "toolu_gone", (string?)null, "stale", false), (result.Kind, result.ToolUseId, result.ToolName, result.Text, result.IsError));
    }

    [Fact]
    public async Task Properties_after_the_messages_array_are_still_read()
    {
        using var directory = new TempDirectory();
        var path = directory.Write("late.json", "{\n\"messages\": [{\"role\":\"user\",\"content\":\"hi\"}],\n\"model\": \"claude-opus-4-1\"\n}");

        var (events, result) = await FormatFiles.ReadAsync(_format, path);

        Assert.Equal("m1", Assert.Single(events).SourceKey);
        Assert.Equal("claude-opus-4-1", result.Metadata.Model);
        Assert.Empty(result.Skipped);
    }

    [Theory]
    [InlineData("messages", true)]
    [InlineData("claude-code", false)]
    [InlineData("events", false)]
    [InlineData("events-document", false)]
    [InlineData("openai", false)]
    [InlineData("openai-lines", false)]
    [InlineData("codex", false)]
    [InlineData("codex-legacy", false)]
    public void Recognizes_its_own_samples_and_none_of_the_others(string sample, bool expected) =>
        Assert.Equal(expected, _format.Recognizes(FormatFiles.Samples[sample]));

    [Fact]
    public void A_plain_role_array_with_no_openai_markers_is_claimed_by_messages_alone()
    {
        var sample = FormatFiles.SampleOf("""[{"role":"user","content":"hi"},{"role":"assistant","content":"hello"}]""");

        Assert.True(_format.Recognizes(sample));
        Assert.False(new OpenAiChatFormat().Recognizes(sample));
    }
}
