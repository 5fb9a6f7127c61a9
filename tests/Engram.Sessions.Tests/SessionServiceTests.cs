using Engram.Access;
using Engram.Client;
using Engram.Errors;
using Engram.Memories;

namespace Engram.Sessions.Tests;

/// <summary>The rules of recorded sessions: who sees them, what an append accepts, deletion, and the link from a version to its conversation.</summary>
public sealed class SessionServiceTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 10, 0, 0, TimeSpan.Zero);
    private SessionWorld _world = null!;

    public async Task InitializeAsync() => _world = await SessionWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private static TranscriptEvent Event(int i, TranscriptEventKind kind = TranscriptEventKind.UserMessage, string? text = null) =>
        new(kind, $"e{i}", Start.AddMinutes(i), text ?? $"message {i}", Raw: $"{{\"n\":{i}}}", Line: i + 1);

    private async Task<string> ImportedAsync(IEngramClient client, string name)
    {
        var opened = await client.OpenTranscriptAsync(new OpenTranscriptRequest("messages", Path.Combine(_world.Files, name), "importer"));
        await client.AppendEventsAsync(opened.Session.Id, [Event(0), Event(1)]);
        return opened.Session.Id;
    }

    [Fact]
    public async Task A_session_is_seen_by_its_importer_and_admins_and_by_nobody_else()
    {
        var alice = await _world.MemberAsync("alice");
        var bob = await _world.MemberAsync("bob");
        var sessionId = await ImportedAsync(alice, "a.json");

        Assert.Equal(2, (await alice.ListEventsAsync(sessionId)).Data.Count);
        Assert.Equal(2, (await _world.Admin.ListEventsAsync(sessionId)).Data.Count);
        await Assert.ThrowsAsync<NotFoundException>(() => bob.ListEventsAsync(sessionId));
        await Assert.ThrowsAsync<NotFoundException>(() => bob.GetTranscriptAsync(sessionId));
        await Assert.ThrowsAsync<NotFoundException>(() => bob.AppendEventsAsync(sessionId, [Event(5)]));
        await Assert.ThrowsAsync<NotFoundException>(() => bob.DeleteSessionAsync(sessionId));
        Assert.DoesNotContain((await bob.ListSessionsAsync()).Data, s => s.Id == sessionId);
        Assert.Equal(2, (await alice.ListEventsAsync(sessionId)).Data.Count);
    }

    [Fact]
    public async Task The_same_path_imported_by_two_people_is_two_sessions()
    {
        var alice = await _world.MemberAsync("alice");
        var bob = await _world.MemberAsync("bob");

        Assert.NotEqual(await ImportedAsync(alice, "same.json"), await ImportedAsync(bob, "same.json"));
    }

    [Fact]
    public async Task Only_people_and_service_accounts_import()
    {
        var registered = await _world.Admin.RegisterSessionAsync(new RegisterSessionRequest("deployer"));
        var agent = new LocalEngramClient(_world.Engine, await _world.Engine.Access.AuthenticateAsync(registered.Token, CancellationToken.None));

        await Assert.ThrowsAsync<PermissionDeniedException>(() => agent.OpenTranscriptAsync(new OpenTranscriptRequest("messages", Path.Combine(_world.Files, "x.json"), "x")));
    }

    [Theory]
    [InlineData("yaml", "/abs.json", "agent", "format")]
    [InlineData("messages", "relative/path.json", "agent", "source")]
    [InlineData("messages", "/abs.json", "Not An Agent", "agent")]
    public async Task Opening_a_transcript_with_bad_input_is_refused_naming_the_field(string format, string source, string agent, string field)
    {
        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => _world.Admin.OpenTranscriptAsync(new OpenTranscriptRequest(format, source, agent)));

        Assert.Equal(field, error.Field);
        Assert.Empty((await _world.Admin.ListSessionsAsync()).Data);
    }

    [Fact]
    public async Task An_append_with_a_bad_event_is_refused_naming_it_and_adds_nothing()
    {
        var sessionId = await ImportedAsync(_world.Admin, "a.json");
        var tooLong = Event(3, text: new string('y', EventLimits.MaxTextChars + 1));

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => _world.Admin.AppendEventsAsync(sessionId, [Event(2), tooLong]));
        Assert.Equal("events[1].text", error.Field);
        var noKey = await Assert.ThrowsAsync<InvalidRequestException>(() => _world.Admin.AppendEventsAsync(sessionId, [Event(2) with { SourceKey = "" }]));
        Assert.Equal("events[0].source_key", noKey.Field);

        Assert.Equal(2, (await _world.Admin.ListEventsAsync(sessionId)).Data.Count);
    }

    [Fact]
    public async Task Appending_events_already_held_adds_nothing_but_brings_their_off_path_flag_up_to_date()
    {
        var sessionId = await ImportedAsync(_world.Admin, "a.json");

        var result = await _world.Admin.AppendEventsAsync(sessionId, [Event(0) with { OffPath = true }, Event(1), Event(2)]);

        Assert.Equal(new AppendEventsResult(1, 2), result);
        var events = (await _world.Admin.ListEventsAsync(sessionId)).Data;
        Assert.Equal([true, false, false], events.Select(e => e.Event.OffPath));
        Assert.Equal(3, (await _world.Admin.GetTranscriptAsync(sessionId))!.Events);
    }

    [Fact]
    public async Task Appends_made_without_waiting_are_applied_in_the_order_they_were_made()
    {
        var sessionId = await ImportedAsync(_world.Admin, "a.json");

        var pending = Enumerable.Range(0, 20).Select(b => _world.Admin.AppendEventsAsync(sessionId, Enumerable.Range(2 + (b * 5), 5).Select(i => Event(i)).ToList())).ToList();
        await Task.WhenAll(pending);

        var events = await SessionWorld.AllEventsAsync(_world.Admin, sessionId, pageSize: 50);
        Assert.Equal(Enumerable.Range(0, 102).Select(i => $"e{i}"), events.Select(e => e.Event.SourceKey));
    }

    [Fact]
    public async Task A_page_token_from_elsewhere_is_refused_naming_page()
    {
        var sessionId = await ImportedAsync(_world.Admin, "a.json");

        Assert.Equal("page", (await Assert.ThrowsAsync<InvalidRequestException>(() => _world.Admin.ListEventsAsync(sessionId, page: "bm90LWEtdG9rZW4"))).Field);
    }

    [Fact]
    public async Task Deleting_a_session_removes_its_events_but_versions_keep_the_session_they_recorded()
    {
        var store = await _world.Admin.CreateStoreAsync(new CreateStoreRequest("team"));
        var registered = await _world.Admin.RegisterSessionAsync(new RegisterSessionRequest("deployer", Stores: [new SessionAttachment(store.Id, AttachmentAccess.ReadWrite, "")]));
        var agent = new LocalEngramClient(_world.Engine, await _world.Engine.Access.AuthenticateAsync(registered.Token, CancellationToken.None));
        var written = (await agent.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/agents/deployer/notes.md", "use python -m pytest"))).Value;
        await agent.AppendEventsAsync(registered.Session.Id, [Event(0)]);

        await _world.Admin.DeleteSessionAsync(registered.Session.Id);

        await Assert.ThrowsAsync<NotFoundException>(() => _world.Admin.ListEventsAsync(registered.Session.Id));
        var version = await _world.Admin.GetVersionAsync(store.Id, written.MemoryVersionId);
        Assert.Equal(new Actor(ActorType.Session, registered.Session.Id), version.CreatedBy);
    }

    [Fact]
    public async Task A_version_written_in_a_session_leads_to_the_events_around_the_write()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Start.AddMinutes(30).AddSeconds(30));
        await using var world = await SessionWorld.StartAsync(time: clock);
        var store = await world.Admin.CreateStoreAsync(new CreateStoreRequest("team"));
        var registered = await world.Admin.RegisterSessionAsync(new RegisterSessionRequest("deployer", Stores: [new SessionAttachment(store.Id, AttachmentAccess.ReadWrite, "")]));
        var agent = new LocalEngramClient(world.Engine, await world.Engine.Access.AuthenticateAsync(registered.Token, CancellationToken.None));
        await agent.AppendEventsAsync(registered.Session.Id, Enumerable.Range(0, 60).Select(i => Event(i)).ToList());
        var written = (await agent.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/agents/deployer/notes.md", "use python -m pytest"))).Value;

        var around = await world.Admin.EventsAroundVersionAsync(store.Id, written.MemoryVersionId, before: 3, after: 2);

        Assert.Equal(["message 28", "message 29", "message 30", "message 31", "message 32"], around.Select(e => e.Event.Text));
        var byPerson = (await world.Admin.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/org/x.md", "x"))).Value;
        Assert.Equal("version_id", (await Assert.ThrowsAsync<InvalidRequestException>(() => world.Admin.EventsAroundVersionAsync(store.Id, byPerson.MemoryVersionId))).Field);
    }
}
