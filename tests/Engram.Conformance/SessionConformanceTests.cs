using Engram.Access;
using Engram.Errors;
using Engram.Memories;
using Engram.Sessions;

namespace Engram.Conformance;

/// <summary>
/// The sessions port's contract (registered sessions and their tokens, imported transcripts, events in order and
/// appended once, the link from versions to the session that wrote them), asserted through the application interface.
/// </summary>
public abstract class SessionConformanceTests : ConformanceSuite
{
    [Fact]
    public async Task A_registered_session_is_got_and_listed_with_its_agent_and_attachments()
    {
        var store = await NewStoreAsync();

        var registered = await Client.RegisterSessionAsync(new RegisterSessionRequest("builder", "fix the build", Stores: [new SessionAttachment(store.Id, AttachmentAccess.ReadOnly, "")]));

        var got = await Client.GetSessionAsync(registered.Session.Id);
        Assert.Equal(("builder", "fix the build", (DateTimeOffset?)null), (got.Agent, got.Title, got.EndedAt));
        Assert.Equal((store.Id, AttachmentAccess.ReadOnly), (got.Stores.Single().StoreId, got.Stores.Single().Access));
        var listed = await AllPagesAsync(page => Client.ListSessionsAsync(limit: 1, page: page));
        Assert.Contains(listed, s => s.Id == registered.Session.Id);
        Assert.Equal(listed.Count, listed.Select(s => s.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(listed.OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id, StringComparer.Ordinal).Select(s => s.Id), listed.Select(s => s.Id));
    }

    [Fact]
    public async Task An_ended_session_keeps_its_record_and_its_token_stops_working()
    {
        var store = await NewStoreAsync();
        var registered = await Client.RegisterSessionAsync(new RegisterSessionRequest("builder", Stores: [new SessionAttachment(store.Id, AttachmentAccess.ReadWrite, "")]));
        var agent = await Target.ConnectAsync(registered.Token);
        Assert.Equal(store.Id, (await agent.GetStoreAsync(store.Id)).Id);

        var ended = await Client.EndSessionAsync(registered.Session.Id);

        Assert.NotNull(ended.EndedAt);
        Assert.NotNull((await Client.GetSessionAsync(registered.Session.Id)).EndedAt);
        await Refused<EngramException>(async () => await (await Target.ConnectAsync(registered.Token)).GetStoreAsync(store.Id), ErrorType.Authentication);
    }

    [Fact]
    public async Task An_imported_transcript_keeps_its_events_in_order_and_a_second_append_adds_nothing()
    {
        var opened = await Client.OpenTranscriptAsync(new OpenTranscriptRequest("events", "/transcripts/run-1.jsonl", "builder"));
        Assert.True(opened.Created);

        var first = await Client.AppendEventsAsync(opened.Session.Id, Events("run the tests", "pytest: command not found", "python -m pytest passed"));
        var again = await Client.AppendEventsAsync(opened.Session.Id, Events("run the tests", "pytest: command not found", "python -m pytest passed"));

        Assert.Equal((3, 0), (first.Added, first.AlreadyHeld));
        Assert.Equal((0, 3), (again.Added, again.AlreadyHeld));
        var events = await AllPagesAsync(page => Client.ListEventsAsync(opened.Session.Id, limit: 2, page: page));
        Assert.Equal([0L, 1L, 2L], events.Select(e => e.Index));
        Assert.Equal(["run the tests", "pytest: command not found", "python -m pytest passed"], events.Select(e => e.Event.Text));
        Assert.All(events, e => Assert.Equal(opened.Session.Id, e.SessionId));
        Assert.Equal("builder", (await Client.GetSessionAsync(opened.Session.Id)).Agent);
    }

    [Fact]
    public async Task A_completed_transcript_records_its_metadata_and_reopening_its_source_finds_the_same_session()
    {
        var opened = await Client.OpenTranscriptAsync(new OpenTranscriptRequest("events", "/transcripts/run-2.jsonl", "builder"));
        await Client.AppendEventsAsync(opened.Session.Id, Events("hello", "world"));

        await Client.CompleteTranscriptAsync(opened.Session.Id, new CompleteTranscriptRequest(new TranscriptMetadata(ExternalId: "ext-2", Model: "claude-sonnet-4-5"), 1234, null));

        var transcript = await Client.GetTranscriptAsync(opened.Session.Id);
        Assert.NotNull(transcript);
        Assert.Equal(("events", 2L, 1234L), (transcript.Format, transcript.Events, transcript.SourceSize));
        Assert.Equal(("ext-2", "claude-sonnet-4-5"), (transcript.Metadata.ExternalId, transcript.Metadata.Model));
        var reopened = await Client.OpenTranscriptAsync(new OpenTranscriptRequest("events", "/transcripts/run-2.jsonl", "builder"));
        Assert.False(reopened.Created);
        Assert.Equal(opened.Session.Id, reopened.Session.Id);
    }

    [Fact]
    public async Task A_transcript_file_imported_through_the_client_reads_back_as_recorded_and_importing_it_again_adds_nothing()
    {
        using var directory = new TemporaryDirectory();
        var path = Path.Combine(directory.Path, "rollout.jsonl");
        File.WriteAllLines(path,
        [
            """{"timestamp":"2026-11-05T08:00:00Z","type":"session_meta","payload":{"id":"c0dex-1","timestamp":"2026-11-05T08:00:00Z","cwd":"/work/api","originator":"codex_cli_rs","cli_version":"0.50.0","git":{"branch":"main"}}}""",
            """{"timestamp":"2026-11-05T08:00:01Z","type":"response_item","payload":{"type":"message","role":"user","content":[{"type":"input_text","text":"run the linter"}]}}""",
            """{"timestamp":"2026-11-05T08:00:02Z","type":"response_item","payload":{"type":"function_call","name":"shell","arguments":"{\"command\":[\"ruff\",\"check\"]}","call_id":"call_1"}}""",
            """{"timestamp":"2026-11-05T08:00:03Z","type":"response_item","payload":{"type":"function_call_output","call_id":"call_1","output":"{\"output\":\"ruff: command not found\",\"metadata\":{\"exit_code\":127}}"}}""",
        ]);

        var first = await new TranscriptImporter(Client).ImportAsync(path, new ImportOptions(), null, CancellationToken.None);
        var second = await new TranscriptImporter(Client).ImportAsync(path, new ImportOptions(), null, CancellationToken.None);

        var sessionId = Assert.Single(first.SessionIds);
        Assert.Equal((1, 0L), (first.NewSessions, first.EventsAlreadyHeld));
        Assert.Equal([sessionId], second.SessionIds);
        Assert.Equal((0, 0L), (second.NewSessions, second.EventsAdded));
        var events = await AllPagesAsync(page => Client.ListEventsAsync(sessionId, page: page));
        Assert.Equal(first.EventsAdded, events.Count);
        Assert.Contains(events, e => e.Event is { Kind: TranscriptEventKind.ToolResult, IsError: true, ToolName: "shell" });
        Assert.Equal("c0dex-1", (await Client.GetTranscriptAsync(sessionId))!.Metadata.ExternalId);
    }

    [Fact]
    public async Task A_version_names_the_session_that_wrote_it_and_leads_to_its_events()
    {
        var store = await NewStoreAsync();
        var writer = await Target.NewWriterAsync(ActorType.Session, store.Id);
        Assert.NotNull(writer);
        var sessionId = writer.Actor.Id;
        await Client.AppendEventsAsync(sessionId, Events("remember that pytest is missing"));

        var written = await WriteMemoryAsync(writer.Client, store.Id, writer.Home + "env.md", "pytest is missing\n");

        var version = await Client.GetVersionAsync(store.Id, written.MemoryVersionId);
        Assert.Equal(Actor.Session(sessionId), version.CreatedBy);
        Assert.Contains((await Client.ListVersionsAsync(store.Id, new VersionListQuery(SessionId: sessionId))).Data, v => v.Id == version.Id);
        var around = await Client.EventsAroundVersionAsync(store.Id, version.Id);
        Assert.Equal(["remember that pytest is missing"], around.Select(e => e.Event.Text));
        Assert.All(around, e => Assert.Equal(sessionId, e.SessionId));
    }

    [Fact]
    public async Task A_deleted_session_is_gone_with_its_events_and_versions_keep_its_id()
    {
        var store = await NewStoreAsync();
        var writer = await Target.NewWriterAsync(ActorType.Session, store.Id);
        Assert.NotNull(writer);
        var sessionId = writer.Actor.Id;
        await Client.AppendEventsAsync(sessionId, Events("note this"));
        var written = await WriteMemoryAsync(writer.Client, store.Id, writer.Home + "note.md", "noted\n");

        await Client.DeleteSessionAsync(sessionId);

        await Refused<NotFoundException>(() => Client.GetSessionAsync(sessionId), ErrorType.NotFound);
        await Refused<NotFoundException>(() => Client.ListEventsAsync(sessionId), ErrorType.NotFound);
        Assert.DoesNotContain(await AllPagesAsync(page => Client.ListSessionsAsync(page: page)), s => s.Id == sessionId);
        Assert.Equal(Actor.Session(sessionId), (await Client.GetVersionAsync(store.Id, written.MemoryVersionId)).CreatedBy);
    }

    /// <summary>One user message per text, keyed by position, a second apart from a minute ago (so a write now comes after them).</summary>
    private static List<TranscriptEvent> Events(params string[] texts)
    {
        var start = DateTimeOffset.UtcNow.AddMinutes(-1);
        return [.. texts.Select((text, i) => new TranscriptEvent(TranscriptEventKind.UserMessage, $"k{i}", start.AddSeconds(i), text, Raw: "{}"))];
    }
}
