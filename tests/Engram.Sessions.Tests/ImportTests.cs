using Engram.Errors;
using Engram.Sessions.Formats;

namespace Engram.Sessions.Tests;

/// <summary>Importing transcript files through the client: sessions, events, idempotence, growth, round trip.</summary>
public sealed class ImportTests : IAsyncLifetime
{
    private SessionWorld _world = null!;

    public async Task InitializeAsync() => _world = await SessionWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private static ClaudeCodeLines Conversation(string sessionId) => new ClaudeCodeLines(sessionId)
        .User("run the tests")
        .ToolUse("toolu_1", "Bash", new { command = "pytest" })
        .ToolResult("toolu_1", "bash: pytest: command not found", isError: true)
        .ToolUse("toolu_2", "Bash", new { command = "python -m pytest" })
        .ToolResult("toolu_2", "12 passed", isError: false)
        .Assistant("All 12 tests pass.");

    private Task<ImportSummary> ImportAsync(string path, string format = "auto") =>
        new TranscriptImporter(_world.Admin).ImportAsync(path, new ImportOptions(format), null, CancellationToken.None);

    [Fact]
    public async Task A_directory_of_transcripts_becomes_one_session_per_file_with_every_event_in_order()
    {
        _world.Write("projects/app/11111111-1111-4111-8111-111111111111.jsonl", Conversation("11111111-1111-4111-8111-111111111111").Text);
        _world.Write("projects/web/22222222-2222-4222-8222-222222222222.jsonl", new ClaudeCodeLines("22222222-2222-4222-8222-222222222222").User("hello").Assistant("hi").Text);

        var summary = await ImportAsync(Path.Combine(_world.Files, "projects"));

        Assert.Equal(2, summary.Files);
        Assert.Equal(2, summary.NewSessions);
        Assert.Equal(8, summary.EventsAdded);
        Assert.Empty(summary.Skipped);
        var sessions = (await _world.Admin.ListSessionsAsync()).Data;
        Assert.Equal(2, sessions.Count);
        Assert.All(sessions, s => Assert.Equal("claude-code", s.Agent));

        var app = sessions.Single(s => summary.SessionIds.Contains(s.Id) && s.Id == summary.SessionIds.Order(StringComparer.Ordinal).First()).Id;
        var transcript = await _world.Admin.GetTranscriptAsync(app);
        Assert.NotNull(transcript);
        var events = await SessionWorld.AllEventsAsync(_world.Admin, transcript!.SessionId);
        Assert.Equal(Enumerable.Range(0, events.Count).Select(i => (long)i), events.Select(e => e.Index));
    }

    [Fact]
    public async Task A_stray_file_that_is_no_transcript_is_reported_and_the_rest_of_the_directory_is_imported()
    {
        _world.Write("projects/a/11111111-1111-4111-8111-111111111111.jsonl", Conversation("11111111-1111-4111-8111-111111111111").Text);
        _world.Write("projects/a/m.jsonl", "garbage\n");
        _world.Write("projects/a/n.json", "\u0000\u0001 not json at all");
        _world.Write("projects/b/22222222-2222-4222-8222-222222222222.jsonl", new ClaudeCodeLines("22222222-2222-4222-8222-222222222222").User("hello").Assistant("hi").Text);

        var summary = await ImportAsync(Path.Combine(_world.Files, "projects"));

        Assert.Equal((4, 2), (summary.Files, summary.NewSessions));
        Assert.Equal([Path.Combine(_world.Files, "projects", "a", "m.jsonl")], summary.Unrecognized);
        Assert.StartsWith("binary, not text", Assert.Single(summary.Skipped, s => s.File == Path.Combine(_world.Files, "projects", "a", "n.json")).Reason, StringComparison.Ordinal);
        Assert.Equal(2, (await _world.Admin.ListSessionsAsync()).Data.Count);
    }

    [Fact]
    public async Task Events_read_back_through_the_client_equal_what_the_reader_produced()
    {
        var path = _world.Write("one.jsonl", Conversation("33333333-3333-4333-8333-333333333333").Text);
        var read = new List<TranscriptEvent>();
        var result = await new ClaudeCodeFormat().ReadAsync(path, e => { read.Add(e); return ValueTask.CompletedTask; }, CancellationToken.None);

        var summary = await ImportAsync(path);
        var stored = await SessionWorld.AllEventsAsync(_world.Admin, summary.SessionIds.Single());

        Assert.Equal(read, stored.Select(s => s.Event));
        var transcript = await _world.Admin.GetTranscriptAsync(summary.SessionIds.Single());
        Assert.Equal(result.Metadata, transcript!.Metadata);
        Assert.Equal("33333333-3333-4333-8333-333333333333", transcript.Metadata.ExternalId);
        Assert.Equal(new FileInfo(path).Length, transcript.SourceSize);
        Assert.Equal(6, transcript.Events);

        var failure = stored.Single(s => s.Event.Kind == TranscriptEventKind.ToolResult && s.Event.IsError).Event;
        Assert.Equal(("toolu_1", "Bash", "bash: pytest: command not found"), (failure.ToolUseId, failure.ToolName, failure.Text));
    }

    [Fact]
    public async Task Importing_the_same_file_again_adds_nothing_and_does_not_read_it()
    {
        var path = _world.Write("one.jsonl", Conversation("44444444-4444-4444-8444-444444444444").Text);
        var first = await ImportAsync(path);

        var second = await ImportAsync(path);

        Assert.Equal(first.SessionIds, second.SessionIds);
        Assert.Equal((0, 1, 0L), (second.NewSessions, second.Unchanged, second.EventsAdded));
        Assert.Single((await _world.Admin.ListSessionsAsync()).Data);
        Assert.Equal(6, (await SessionWorld.AllEventsAsync(_world.Admin, first.SessionIds.Single())).Count);
    }

    [Fact]
    public async Task A_file_touched_without_changes_is_read_again_but_adds_nothing()
    {
        var path = _world.Write("one.jsonl", Conversation("55555555-5555-4555-8555-555555555555").Text);
        await ImportAsync(path);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(5));

        var again = await ImportAsync(path);

        Assert.Equal((0, 0, 0L, 6L), (again.Unchanged, again.NewSessions, again.EventsAdded, again.EventsAlreadyHeld));
    }

    [Fact]
    public async Task A_file_that_grew_adds_only_its_new_events_at_the_end()
    {
        var lines = Conversation("66666666-6666-4666-8666-666666666666");
        var path = _world.Write("grows.jsonl", lines.Text);
        var first = await ImportAsync(path);

        File.WriteAllText(path, lines.User("now lint it").Assistant("Lint is clean.").Text);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(1));
        var second = await ImportAsync(path);

        Assert.Equal(first.SessionIds, second.SessionIds);
        Assert.Equal((2L, 6L), (second.EventsAdded, second.EventsAlreadyHeld));
        var events = await SessionWorld.AllEventsAsync(_world.Admin, first.SessionIds.Single());
        Assert.Equal(["now lint it", "Lint is clean."], events.Skip(6).Select(e => e.Event.Text));
        Assert.Equal(8, (await _world.Admin.GetTranscriptAsync(first.SessionIds.Single()))!.Events);
    }

    [Fact]
    public async Task Bad_lines_are_reported_with_file_line_and_reason_and_the_rest_is_imported()
    {
        var lines = Conversation("77777777-7777-4777-8777-777777777777").Lines.ToList();
        lines.Insert(2, "this is not json");
        var path = _world.Write("damaged.jsonl", string.Join("\n", lines) + "\n{\"type\":\"user\",\"uuid\":\"cut");

        var summary = await ImportAsync(path);

        Assert.Equal(6, summary.EventsAdded);
        Assert.Contains(summary.Skipped, s => s.File == path && s.Line == 3 && s.Reason.StartsWith("not JSON", StringComparison.Ordinal));
        Assert.Contains(summary.Skipped, s => s.Reason == "truncated last line");
    }

    [Fact]
    public async Task A_tool_result_of_megabytes_is_kept_cut_with_a_note_of_what_was_left_out()
    {
        var huge = new string('x', 3 * 1024 * 1024);
        var path = _world.Write("huge.jsonl", new ClaudeCodeLines("88888888-8888-4888-8888-888888888888")
            .ToolUse("toolu_9", "Bash", new { command = "cat big.log" }).ToolResult("toolu_9", huge, isError: false).Text);

        var summary = await ImportAsync(path);

        var result = (await SessionWorld.AllEventsAsync(_world.Admin, summary.SessionIds.Single())).Single(e => e.Event.Kind == TranscriptEventKind.ToolResult).Event;
        Assert.True(result.Text!.Length <= EventLimits.MaxTextChars);
        Assert.StartsWith("xxxx", result.Text, StringComparison.Ordinal);
        Assert.Matches(@"\[… [\d,]+ more characters not kept\]$", result.Text);
        Assert.True(result.Raw.Length <= EventLimits.MaxRawChars);
    }

    [Fact]
    public async Task A_file_no_format_recognizes_is_reported_and_nothing_is_recorded()
    {
        _world.Write("notes/readme.json", "{\"hello\": \"world\"}");

        var summary = await ImportAsync(Path.Combine(_world.Files, "notes"));

        Assert.Equal([Path.Combine(_world.Files, "notes", "readme.json")], summary.Unrecognized);
        Assert.Empty((await _world.Admin.ListSessionsAsync()).Data);
    }

    [Fact]
    public async Task A_path_that_does_not_exist_or_an_unknown_format_is_refused_naming_the_field()
    {
        Assert.Equal("path", (await Assert.ThrowsAsync<InvalidRequestException>(() => ImportAsync(Path.Combine(_world.Files, "missing")))).Field);
        var path = _world.Write("one.jsonl", Conversation("99999999-9999-4999-8999-999999999999").Text);
        Assert.Equal("format", (await Assert.ThrowsAsync<InvalidRequestException>(() => ImportAsync(path, "yaml"))).Field);
        Assert.Empty((await _world.Admin.ListSessionsAsync()).Data);
    }

    [Fact]
    public async Task Sub_agent_files_are_read_with_their_session_never_as_sessions_of_their_own()
    {
        const string Id = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
        _world.Write($"p/{Id}.jsonl", new ClaudeCodeLines(Id).User("review this").Assistant("delegating").Text);
        _world.Write($"p/{Id}/subagents/agent-1.jsonl", new ClaudeCodeLines(Id, firstRecord: 100).User("check style").Assistant("style is fine").Text);

        var summary = await ImportAsync(Path.Combine(_world.Files, "p"));

        Assert.Equal((1, 1), (summary.Files, summary.SessionIds.Count));
        var events = await SessionWorld.AllEventsAsync(_world.Admin, summary.SessionIds.Single());
        Assert.Equal(4, events.Count);
        Assert.All(events.Skip(2), e => Assert.True(e.Event.OffPath));
    }
}
