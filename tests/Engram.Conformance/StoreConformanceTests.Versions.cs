using Engram.Access;
using Engram.Errors;
using Engram.Memories;

namespace Engram.Conformance;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task Every_change_appends_a_version_with_operation_path_hash_size_and_actor()
    {
        var store = await NewStoreAsync();
        var memory = (await Client.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/v.md", "one", "first draft"))).Value;
        var modified = (await Client.UpdateMemoryAsync(store.Id, memory.Id, new UpdateMemoryRequest("two!", Reason: "second thoughts"))).Value;
        var renamed = (await Client.UpdateMemoryAsync(store.Id, memory.Id, new UpdateMemoryRequest(Path: "/w.md"))).Value;
        await Client.DeleteMemoryAsync(store.Id, memory.Id, new DeleteMemoryRequest());

        var history = await HistoryAsync(store.Id, memory.Id);
        Assert.Equal(
            [VersionOperation.Deleted, VersionOperation.Modified, VersionOperation.Modified, VersionOperation.Created],
            history.Select(v => v.Operation));
        Assert.Equal(["/w.md", "/w.md", "/v.md", "/v.md"], history.Select(v => v.Path));
        Assert.Equal([null, modified.ContentSha256, modified.ContentSha256, memory.ContentSha256], history.Select(v => v.ContentSha256));
        Assert.Equal([null, 4L, 4L, 3L], history.Select(v => v.ContentSizeBytes));
        Assert.Equal([null, null, "second thoughts", "first draft"], history.Select(v => v.Reason));
        Assert.All(history, v => Assert.Equal(Target.AdminActor, v.CreatedBy));
        Assert.All(history, v => Assert.Equal(store.Id, v.MemoryStoreId));
        Assert.Equal(renamed.MemoryVersionId, history[1].Id);
        Assert.Equal(memory.MemoryVersionId, history[3].Id);
        Assert.True(history.Zip(history.Skip(1)).All(pair => pair.First.CreatedAt >= pair.Second.CreatedAt));
    }

    [Fact]
    public async Task Versions_in_full_view_carry_the_content_of_their_time()
    {
        var store = await NewStoreAsync();
        var memory = (await Client.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/v.md", "old"))).Value;
        await Client.UpdateMemoryAsync(store.Id, memory.Id, new UpdateMemoryRequest("new"));
        var old = await Client.GetVersionAsync(store.Id, memory.MemoryVersionId);
        Assert.Equal("old", old.Content);
        Assert.Null((await Client.GetVersionAsync(store.Id, memory.MemoryVersionId, MemoryView.Basic)).Content);
        var listed = await Client.ListVersionsAsync(store.Id, new VersionListQuery(MemoryId: memory.Id, View: MemoryView.Full));
        Assert.Equal(["new", "old"], listed.Data.Select(v => v.Content));
    }

    [Fact]
    public async Task Each_writer_is_recorded_as_its_own_actor_and_can_be_filtered()
    {
        var store = await NewStoreAsync();
        var service = await Target.NewWriterAsync(ActorType.ServiceAccount, store.Id) ?? throw new InvalidOperationException("every target has service accounts");
        var person = await Target.NewWriterAsync(ActorType.User, store.Id) ?? throw new InvalidOperationException("every target has users");
        var byService = (await service.Client.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/by-service.md", "v"))).Value;
        var byPerson = (await person.Client.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/by-person.md", "p"))).Value;
        Assert.Equal(service.Actor, (await Client.GetVersionAsync(store.Id, byService.MemoryVersionId)).CreatedBy);
        Assert.Equal(person.Actor, (await Client.GetVersionAsync(store.Id, byPerson.MemoryVersionId)).CreatedBy);
        var serviceVersions = await Client.ListVersionsAsync(store.Id, new VersionListQuery(ServiceAccountId: service.Actor.Id));
        Assert.Equal([byService.MemoryVersionId], serviceVersions.Data.Select(v => v.Id));
        if (person.ApiKeyId is not null)
        {
            var keyVersions = await Client.ListVersionsAsync(store.Id, new VersionListQuery(ApiKeyId: person.ApiKeyId));
            Assert.Equal([byPerson.MemoryVersionId], keyVersions.Data.Select(v => v.Id));
        }

        // Session principals arrive with access control; targets that have them prove the session filter too.
        if (await Target.NewWriterAsync(ActorType.Session, store.Id) is { } session)
        {
            var bySession = (await session.Client.CreateMemoryAsync(store.Id, new CreateMemoryRequest(session.Home + "by-session.md", "s"))).Value;
            Assert.Equal(session.Actor, (await Client.GetVersionAsync(store.Id, bySession.MemoryVersionId)).CreatedBy);
            var sessionVersions = await Client.ListVersionsAsync(store.Id, new VersionListQuery(SessionId: session.Actor.Id));
            Assert.Equal([bySession.MemoryVersionId], sessionVersions.Data.Select(v => v.Id));
        }
    }

    [Fact]
    public async Task Version_filters_by_operation_and_creation_time()
    {
        var store = await NewStoreAsync();
        var a = (await Client.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/a", "1"))).Value;
        var a2 = (await Client.UpdateMemoryAsync(store.Id, a.Id, new UpdateMemoryRequest("2"))).Value;
        var b = (await Client.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/b", "1"))).Value;
        await Client.DeleteMemoryAsync(store.Id, b.Id, new DeleteMemoryRequest());

        var created = await Client.ListVersionsAsync(store.Id, new VersionListQuery(Operation: VersionOperation.Created));
        Assert.Equal([b.MemoryVersionId, a.MemoryVersionId], created.Data.Select(v => v.Id));
        var deleted = await Client.ListVersionsAsync(store.Id, new VersionListQuery(Operation: VersionOperation.Deleted));
        Assert.Equal(b.Id, Assert.Single(deleted.Data).MemoryId);

        var middle = await Client.GetVersionAsync(store.Id, a2.MemoryVersionId);
        var since = await Client.ListVersionsAsync(store.Id, new VersionListQuery(CreatedAtGte: middle.CreatedAt));
        Assert.Contains(a2.MemoryVersionId, since.Data.Select(v => v.Id));
        var until = await Client.ListVersionsAsync(store.Id, new VersionListQuery(CreatedAtLte: middle.CreatedAt));
        Assert.Contains(a.MemoryVersionId, until.Data.Select(v => v.Id));
        Assert.All(until.Data, v => Assert.True(v.CreatedAt <= middle.CreatedAt));
        Assert.All(since.Data, v => Assert.True(v.CreatedAt >= middle.CreatedAt));
    }

    [Fact]
    public async Task Version_filters_with_the_wrong_id_kind_are_refused()
    {
        var store = await NewStoreAsync();
        Assert.Equal("memory_id", (await Invalid(() => Client.ListVersionsAsync(store.Id, new VersionListQuery(MemoryId: "memver_x")))).Field);
        Assert.Equal("session_id", (await Invalid(() => Client.ListVersionsAsync(store.Id, new VersionListQuery(SessionId: "user_x")))).Field);
    }

    [Fact]
    public async Task Versions_page_newest_first_without_gaps_or_repeats()
    {
        var store = await NewStoreAsync();
        var memory = (await Client.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/p", "0"))).Value;
        for (var i = 1; i <= 24; i++)
        {
            await Client.UpdateMemoryAsync(store.Id, memory.Id, new UpdateMemoryRequest(i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        var seen = new List<MemoryVersion>();
        var page = await Client.ListVersionsAsync(store.Id, new VersionListQuery(Limit: 7, View: MemoryView.Full));
        seen.AddRange(page.Data);
        while (page.NextPage is not null)
        {
            page = await Client.ListVersionsAsync(store.Id, new VersionListQuery(Limit: 7, Page: page.NextPage, View: MemoryView.Full));
            seen.AddRange(page.Data);
        }

        Assert.Equal(Enumerable.Range(0, 25).Reverse().Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), seen.Select(v => v.Content));
        Assert.Equal(25, seen.Select(v => v.Id).Distinct().Count());
    }

    [Fact]
    public async Task Redaction_clears_content_hash_size_and_path_and_keeps_the_record()
    {
        var store = await NewStoreAsync();
        var memory = (await Client.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/leak.md", "password=hunter2"))).Value;
        await Client.UpdateMemoryAsync(store.Id, memory.Id, new UpdateMemoryRequest("password=(vault)"));
        var redacted = await Client.RedactVersionAsync(store.Id, memory.MemoryVersionId);

        Assert.Equal(memory.MemoryVersionId, redacted.Id);
        Assert.Null(redacted.Content);
        Assert.Null(redacted.ContentSha256);
        Assert.Null(redacted.ContentSizeBytes);
        Assert.Null(redacted.Path);
        Assert.NotNull(redacted.RedactedAt);
        Assert.Equal(Target.AdminActor, redacted.RedactedBy);
        Assert.Equal(Target.AdminActor, redacted.CreatedBy);
        Assert.Equal(VersionOperation.Created, redacted.Operation);

        var fetched = await Client.GetVersionAsync(store.Id, memory.MemoryVersionId, MemoryView.Full);
        Assert.Null(fetched.Content);
        Assert.Null(fetched.Path);
        var listed = await Client.ListVersionsAsync(store.Id, new VersionListQuery(MemoryId: memory.Id, View: MemoryView.Full));
        Assert.Equal(2, listed.Data.Count);
        Assert.DoesNotContain(listed.Data, v => v.Content?.Contains("hunter2", StringComparison.Ordinal) == true);

        var again = await Client.RedactVersionAsync(store.Id, memory.MemoryVersionId);
        Assert.Equal(redacted.RedactedAt, again.RedactedAt);
    }

    [Fact]
    public async Task The_version_holding_current_content_cannot_be_redacted()
    {
        var store = await NewStoreAsync();
        var memory = (await Client.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/live.md", "live"))).Value;
        var error = await Invalid(() => Client.RedactVersionAsync(store.Id, memory.MemoryVersionId));
        Assert.Contains("current content", error.Message, StringComparison.Ordinal);
        Assert.Equal("live", (await Client.GetVersionAsync(store.Id, memory.MemoryVersionId)).Content);

        // Once the memory is deleted, its last content version can be redacted.
        await Client.DeleteMemoryAsync(store.Id, memory.Id, new DeleteMemoryRequest());
        Assert.NotNull((await Client.RedactVersionAsync(store.Id, memory.MemoryVersionId)).RedactedAt);
    }

    [Fact]
    public async Task Redacting_one_version_keeps_identical_content_that_other_versions_hold()
    {
        var store = await NewStoreAsync();
        var memory = (await Client.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/a", "same text"))).Value;
        await Client.UpdateMemoryAsync(store.Id, memory.Id, new UpdateMemoryRequest("other"));
        var twin = (await Client.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/twin", "same text"))).Value;
        await Client.RedactVersionAsync(store.Id, memory.MemoryVersionId);
        Assert.Equal("same text", (await Client.GetMemoryAsync(store.Id, twin.Id)).Content);
        Assert.Equal("same text", (await Client.GetVersionAsync(store.Id, twin.MemoryVersionId)).Content);
    }

    [Fact]
    public async Task Revert_writes_the_old_content_as_a_new_version()
    {
        var store = await NewStoreAsync();
        var v1 = (await Client.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/r.md", "good"))).Value;
        var v2 = (await Client.UpdateMemoryAsync(store.Id, v1.Id, new UpdateMemoryRequest("bad"))).Value;
        var reverted = (await Client.RevertMemoryAsync(store.Id, v1.Id, new RevertMemoryRequest(v1.MemoryVersionId, v2.ContentSha256))).Value;
        Assert.Equal("good", reverted.Content);
        Assert.Equal(v1.ContentSha256, reverted.ContentSha256);
        Assert.NotEqual(v1.MemoryVersionId, reverted.MemoryVersionId);

        var history = await HistoryAsync(store.Id, v1.Id);
        Assert.Equal([reverted.MemoryVersionId, v2.MemoryVersionId, v1.MemoryVersionId], history.Select(v => v.Id));
        Assert.Equal(VersionOperation.Modified, history[0].Operation);
        Assert.Contains(v1.MemoryVersionId, history[0].Reason, StringComparison.Ordinal);

        await Refused<PreconditionFailedException>(
            () => Client.RevertMemoryAsync(store.Id, v1.Id, new RevertMemoryRequest(v2.MemoryVersionId, v2.ContentSha256)),
            ErrorType.PreconditionFailed);
    }

    [Fact]
    public async Task Revert_restores_a_deleted_memory_with_its_id()
    {
        var store = await NewStoreAsync();
        var memory = (await Client.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/lost.md", "precious"))).Value;
        await Client.DeleteMemoryAsync(store.Id, memory.Id, new DeleteMemoryRequest());
        var restored = (await Client.RevertMemoryAsync(store.Id, memory.Id, new RevertMemoryRequest(memory.MemoryVersionId))).Value;
        Assert.Equal(memory.Id, restored.Id);
        Assert.Equal("/lost.md", restored.Path);
        Assert.Equal("precious", (await Client.GetMemoryByPathAsync(store.Id, "/lost.md")).Content);
        Assert.Equal(
            [VersionOperation.Created, VersionOperation.Deleted, VersionOperation.Created],
            (await HistoryAsync(store.Id, memory.Id)).Select(v => v.Operation));
    }

    [Fact]
    public async Task Revert_refuses_redacted_deletion_and_foreign_versions()
    {
        var store = await NewStoreAsync();
        var memory = (await Client.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/x", "1"))).Value;
        await Client.UpdateMemoryAsync(store.Id, memory.Id, new UpdateMemoryRequest("2"));
        await Client.RedactVersionAsync(store.Id, memory.MemoryVersionId);
        await Invalid(() => Client.RevertMemoryAsync(store.Id, memory.Id, new RevertMemoryRequest(memory.MemoryVersionId)));

        var other = (await Client.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/y", "y"))).Value;
        Assert.Equal("version_id", (await Invalid(() => Client.RevertMemoryAsync(store.Id, memory.Id, new RevertMemoryRequest(other.MemoryVersionId)))).Field);

        await Client.DeleteMemoryAsync(store.Id, other.Id, new DeleteMemoryRequest());
        var deletion = (await HistoryAsync(store.Id, other.Id))[0];
        await Invalid(() => Client.RevertMemoryAsync(store.Id, other.Id, new RevertMemoryRequest(deletion.Id)));
    }
}
