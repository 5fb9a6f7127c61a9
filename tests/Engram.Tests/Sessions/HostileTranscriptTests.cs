using Engram.Sessions;
using Engram.Sessions.Formats;
using Engram.Tests.Sessions.Formats;

namespace Engram.Tests.Sessions;

/// <summary>
/// Files made to break the importer, one regression each: detection answers (a format or none) and every reader
/// gives events and skipped records with their reasons, never an exception.
/// </summary>
public sealed class HostileTranscriptTests
{
    /// <summary>A file of each format whose strings and property names hold escapes of lone surrogates, as JavaScript writes a string cut inside an emoji.</summary>
    public static TheoryData<string, string, string> LoneSurrogates => new()
    {
        {
            "claude-code", "11111111-1111-4111-8111-111111111111.jsonl",
            """{"type":"user","uuid":"u1","parentUuid":null,"sessionId":"11111111-1111-4111-8111-111111111111","\udc00":1,"message":{"role":"user","content":"cut \ud83d"}}""" + "\n"
        },
        {
            "codex", "rollout.jsonl",
            """{"timestamp":"2026-04-06T14:00:00Z","type":"session_meta","payload":{"id":"\ud800","cwd":"/w\udc00"}}""" + "\n"
            + """{"timestamp":"2026-04-06T14:00:01Z","type":"response_item","payload":{"type":"message","role":"user","content":[{"type":"input_text","text":"cut \ud83d"}]}}""" + "\n"
        },
        {
            "events", "events.jsonl",
            """{"type":"user.message","id":"a","content":[{"type":"text","text":"cut \ud83d"}]}""" + "\n"
            + """{"type":"session.error","id":"b","\udc00":"x","error":{"message":"\udc00"}}""" + "\n"
        },
        { "openai", "chat.json", """[{"role":"system","content":"\udc00"},{"role":"user","content":"cut \ud83d"}]""" },
        {
            "messages", "conversation.json",
            """
            {
              "model": "\ud800", "\udc00": 1,
              "messages": [{"role": "user", "content": "cut \ud83d"}, {"role": "assistant", "content": "ok"}]
            }
            """
        },
        {
            "mini-swe-agent", "run.traj.json",
            """{"info":{"exit_status":"\ud800","config":{"agent":{}}},"messages":[{"role":"system","content":"s"},{"role":"user","content":"cut \ud83d"},"""
            + """{"role":"assistant","content":"THOUGHT: \udc00\n```bash\nls\n```"}],"trajectory_format":"mini-swe-agent-1","instance_id":"\ud800"}"""
        },
        {
            "swe-agent", "run.traj",
            """{"environment":"\ud800","trajectory":[{"action":"ls \udc00","observation":"cut \ud83d","thought":"t","response":"r"}],"history":"""
            + """[{"role":"user","content":"cut \ud83d","agent":"primary","message_type":"observation"}],"info":{"exit_status":"\ud800"}}"""
        },
    };

    [Theory]
    [MemberData(nameof(LoneSurrogates))]
    public async Task A_lone_surrogate_escape_is_detected_and_read_as_a_replacement_character(string format, string name, string content)
    {
        using var directory = new TempDirectory();
        var path = directory.Write(name, content);

        var detected = await TranscriptFormats.DetectAsync(path, CancellationToken.None);
        var (events, _) = await FormatFiles.ReadAsync(TranscriptFormats.Named(format)!, path);

        Assert.Equal(format, detected?.Name);
        Assert.Contains(events, e => e.Text == "cut \uFFFD");
    }

    /// <summary>The review's file: 200,000 nested arrays on one line the file ends inside.</summary>
    private static readonly string DeepLine = new string('[', 200_000) + new string(']', 200_000);

    /// <summary>A pretty-printed document whose one message holds 200,000 nested objects.</summary>
    private static readonly string DeepDocument =
        "{\n\"messages\": [\n" + string.Concat(Enumerable.Repeat("{\"content\":", 200_000)) + "1" + new string('}', 200_000) + "\n]}\n";

    public static TheoryData<string> Formats => new(TranscriptFormats.All.Select(f => f.Name));

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task A_record_nested_200_000_levels_deep_is_skipped_as_nested_too_deep_and_the_stack_holds(string format)
    {
        using var directory = new TempDirectory();
        var line = directory.Write("deep.jsonl", DeepLine);
        var document = directory.Write("deep.json", DeepDocument);
        var reader = TranscriptFormats.Named(format)!;

        var (lineEvents, lineResult) = await FormatFiles.ReadAsync(reader, line);
        var (documentEvents, documentResult) = await FormatFiles.ReadAsync(reader, document);

        Assert.Null(await TranscriptFormats.DetectAsync(line, CancellationToken.None));
        Assert.Null(await TranscriptFormats.DetectAsync(document, CancellationToken.None));
        Assert.Empty(lineEvents);
        Assert.Equal(new SkippedRecord(line, 1, "nested deeper than 64 levels"), Assert.Single(lineResult.Skipped));
        Assert.Empty(documentEvents);
        Assert.NotEmpty(documentResult.Skipped);
        if (format is not ("claude-code" or "codex"))
        {
            // The readers of documents meet the nesting inside the message; line readers stop at the document's second line.
            Assert.Contains(new SkippedRecord(document, 1, "nested deeper than 64 levels"), documentResult.Skipped);
        }
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task A_last_line_is_truncated_only_when_it_starts_a_record_the_file_cuts_short(string format)
    {
        using var directory = new TempDirectory();
        var cut = directory.Write("cut.jsonl", "{\"type\":\"user\"}\n{\"type\":\"user\",\"message\":{\"content\":\"hel");
        var hello = directory.Write("hello.jsonl", "{\"type\":\"user\"}\nhello");
        var reader = TranscriptFormats.Named(format)!;

        var (_, cutResult) = await FormatFiles.ReadAsync(reader, cut);
        var (_, helloResult) = await FormatFiles.ReadAsync(reader, hello);

        Assert.Contains(new SkippedRecord(cut, 2, "truncated last line"), cutResult.Skipped);
        Assert.StartsWith("not JSON (", Assert.Single(helloResult.Skipped, s => s.Line == 2).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_document_element_over_the_record_limit_ends_the_read_with_a_reason_after_the_elements_before_it()
    {
        using var directory = new TempDirectory();
        var path = directory.Write("chat.json",
            "[\n{\"role\": \"user\", \"content\": \"first\"},\n{\"role\": \"user\", \"content\": \"" + new string('x', 33 * 1024 * 1024) + "\"},\n{\"role\": \"user\", \"content\": \"third\"}\n]\n");

        var (events, result) = await FormatFiles.ReadAsync(TranscriptFormats.Named("openai")!, path);

        Assert.Equal(["first"], events.Select(e => e.Text));
        Assert.Equal(
            new SkippedRecord(path, 2, "a record longer than the 32 MiB one may have (element 2 or a property before it): it and the rest of the document are not read"),
            Assert.Single(result.Skipped));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"type\":\"summary\",\"summary\":\"s\"}\n{not json\n")]
    public async Task A_sub_agent_file_is_known_by_its_first_record_even_when_that_record_is_longer_than_the_sample(string before)
    {
        using var directory = new TempDirectory();
        var record = "{\"parentUuid\":null,\"isSidechain\":true,\"sessionId\":\"11111111-1111-4111-8111-111111111111\",\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":\""
            + new string('x', 200 * 1024) + "\"},\"uuid\":\"s1\"}\n";
        var path = directory.Write("agent-a1.jsonl", before + record);

        Assert.Equal("11111111-1111-4111-8111-111111111111", await ClaudeCodeFormat.ParentSessionAsync(path, CancellationToken.None));
    }

    [Theory]
    [InlineData("claude-code", "conversation.jsonl")]
    [InlineData("codex", "rollout-2026-04-06T14-00-00-0199a213-81c0-7800-8aa1-bbab2a035a53.jsonl")]
    [InlineData("events", "sesn_01HqRk7v.jsonl")]
    [InlineData("openai", "chat.jsonl")]
    public async Task A_log_whose_first_line_is_hello_is_detected_by_its_records_and_only_that_line_is_skipped(string format, string fixture)
    {
        using var directory = new TempDirectory();
        var reader = TranscriptFormats.Named(format)!;
        var path = directory.Write(fixture, "hello\n" + await File.ReadAllTextAsync(FormatFiles.Fixture(format, fixture)));
        var (expected, _) = await FormatFiles.ReadAsync(reader, FormatFiles.Fixture(format, fixture));

        var detected = await TranscriptFormats.DetectAsync(path, CancellationToken.None);
        var (events, result) = await FormatFiles.ReadAsync(reader, path);

        Assert.Equal(format, detected?.Name);
        Assert.Equal(expected.Select(e => (e.Kind, e.Text)), events.Select(e => (e.Kind, e.Text)));
        Assert.StartsWith("not JSON ('h' is an invalid start of a value.", Assert.Single(result.Skipped, s => s.Line == 1).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_is_only_hello_is_recognized_by_no_format_and_read_as_one_skipped_line()
    {
        using var directory = new TempDirectory();
        var path = directory.Write("hello.jsonl", "hello\n");

        var detected = await TranscriptFormats.DetectAsync(path, CancellationToken.None);

        Assert.Null(detected);
        foreach (var format in TranscriptFormats.All)
        {
            var (events, result) = await FormatFiles.ReadAsync(format, path);
            Assert.Empty(events);
            Assert.Equal(1, Assert.Single(result.Skipped).Line);
        }
    }

    /// <summary>Records whose fields have another kind than the format's (found by the property tests): each format reads them as records without those fields.</summary>
    public static TheoryData<string, string, string> WrongKinds => new()
    {
        {
            "swe-agent", "run.traj",
            """{"environment":"e","trajectory":[],"history":[{"role":"assistant","content":"ok","agent":"primary","tool_calls":["a string",{"function":"no object"}]}],"info":{"model_stats":{"tokens_sent":"12"}}}"""
        },
        {
            "mini-swe-agent", "run.traj.json",
            """{"info":{"mini_version":"2"},"messages":[{"role":"assistant","content":"ok","tool_calls":["a string",7]},{"role":"tool","content":"x","extra":{"returncode":"1"}}],"trajectory_format":"mini-swe-agent-1.1"}"""
        },
        {
            "codex", "rollout.jsonl",
            """{"timestamp":"2026-04-06T14:00:00Z","type":"session_meta","payload":{"id":"s","git":"main"}}""" + "\n"
            + """{"timestamp":"2026-04-06T14:00:01Z","type":"response_item","payload":{"type":"function_call","name":"shell","call_id":"c","arguments":"{}"}}""" + "\n"
            + """{"timestamp":"2026-04-06T14:00:02Z","type":"response_item","payload":{"type":"function_call_output","call_id":"c","output":"{\"output\":\"ok\",\"metadata\":{\"exit_code\":\"1\"}}"}}""" + "\n"
            + """{"timestamp":"2026-04-06T14:00:03Z","type":"event_msg","payload":{"type":"token_count","info":{"total_token_usage":{"input_tokens":"12"}}}}""" + "\n"
        },
        {
            "events", "events.jsonl",
            """{"type":"user.message","id":"a","content":["a string",{"type":"text","text":"ok"}]}""" + "\n"
            + """{"type":"span.model_request_end","id":"b","model_usage":{"input_tokens":"12"}}""" + "\n"
        },
        { "openai", "chat.jsonl", """{"role":"user","content":"ok","created":9223372036854775807}""" + "\n" + """{"role":"assistant","content":null,"tool_calls":["a string"]}""" + "\n" },
        {
            "claude-code", "11111111-1111-4111-8111-111111111111.jsonl",
            """{"type":"assistant","uuid":"u1","parentUuid":null,"sessionId":"s","message":{"id":"m","role":"assistant","content":["a string",{"type":"tool_use","id":"t","name":"Bash","input":1}],"usage":{"input_tokens":"12"}}}""" + "\n"
            + """{"type":"user","uuid":"u2","parentUuid":"u1","sessionId":"s","message":{"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":[7,"ok"]}]}}""" + "\n"
        },
    };

    [Theory]
    [MemberData(nameof(WrongKinds))]
    public async Task A_field_of_another_kind_than_the_format_has_is_read_as_missing(string format, string name, string content)
    {
        using var directory = new TempDirectory();
        var path = directory.Write(name, content);

        var (events, _) = await FormatFiles.ReadAsync(TranscriptFormats.Named(format)!, path);

        Assert.NotEmpty(events);
    }

    [Fact]
    public async Task A_mini_swe_agent_reply_of_many_openings_and_no_close_runs_no_command_and_is_read()
    {
        using var directory = new TempDirectory();
        var reply = string.Concat(Enumerable.Repeat("```bash\\nx", 100_000));
        var path = directory.Write("run.traj.json",
            "{\"info\":{\"mini_version\":\"1\"},\"messages\":[{\"role\":\"user\",\"content\":\"task\"},{\"role\":\"assistant\",\"content\":\"" + reply + "\"}],\"trajectory_format\":\"mini-swe-agent-1\"}");

        var (events, _) = await FormatFiles.ReadAsync(TranscriptFormats.Named("mini-swe-agent")!, path);

        Assert.DoesNotContain(events, e => e.Kind == TranscriptEventKind.ToolUse);
        Assert.Contains(events, e => e.Kind == TranscriptEventKind.AgentMessage);
    }
}

/// <summary>Tests that measure what the process allocates run alone, so that nothing else's allocations count.</summary>
[CollectionDefinition(nameof(AllocationMeasured), DisableParallelization = true)]
public sealed class AllocationMeasured;

[Collection(nameof(AllocationMeasured))]
public sealed class HostileTranscriptMemoryTests
{
    [Fact]
    public async Task A_single_50_MB_line_is_skipped_with_its_size_by_every_reader_and_neither_detection_nor_reading_holds_it()
    {
        using var directory = new TempDirectory();
        var path = directory.Write("11111111-1111-4111-8111-111111111111.jsonl", []);
        const long Size = 50L * 1024 * 1024;
        await using (var file = File.OpenWrite(path))
        {
            // The start of a Claude Code record whose message never ends, and no line ending.
            var start = "{\"type\":\"user\",\"sessionId\":\"11111111-1111-4111-8111-111111111111\",\"uuid\":\"u1\",\"parentUuid\":null,\"message\":{\"role\":\"user\",\"content\":\""u8.ToArray();
            file.Write(start);
            var chunk = new byte[1024 * 1024];
            Array.Fill(chunk, (byte)'x');
            for (var written = (long)start.Length; written < Size; written += chunk.Length)
            {
                file.Write(chunk, 0, (int)Math.Min(chunk.Length, Size - written));
            }
        }

        var before = GC.GetTotalAllocatedBytes(precise: true);
        var sample = await TranscriptFormats.SampleAsync(path, CancellationToken.None);
        var detected = TranscriptFormats.Detect(sample);
        var results = new List<(List<TranscriptEvent> Events, TranscriptReadResult Result)>();
        foreach (var format in TranscriptFormats.All)
        {
            results.Add(await FormatFiles.ReadAsync(format, path));
        }

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.True(sample.Head.Length <= 64 * 1024 && sample.Tail.Length <= 8 * 1024);
        Assert.Equal("claude-code", detected?.Name);
        Assert.All(results, read =>
        {
            Assert.Empty(read.Events);
            Assert.Equal(new SkippedRecord(path, 1, "a line of 52,428,800 bytes, longer than the 32 MiB a record may have: not read"), Assert.Single(read.Result.Skipped));
        });
        Assert.True(allocated < Size, $"detection and seven reads of a {Size:N0}-byte line allocated {allocated:N0} bytes");
    }
}
