using System.Net;
using System.Text.Json;
using Anthropic;
using Anthropic.Exceptions;
using Anthropic.Models.Beta.MemoryStores;
using Anthropic.Models.Beta.MemoryStores.Memories;
using Anthropic.Models.Beta.MemoryStores.MemoryVersions;
using Engram.Access;

namespace Engram.Server.Tests;

/// <summary>
/// The official Anthropic .NET SDK, pointed at the real server on a loopback port and called exactly
/// as a user would, against every endpoint of the compatible API; one sealed subclass per backend the server runs on.
/// </summary>
public abstract class SdkConformanceTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private AnthropicClient _sdk = null!;

    /// <summary>The storage the server's engine runs on.</summary>
    private protected abstract ServerBackend Backend { get; }

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(new ServerOptions { RateLimitPerSecond = 0 }, Backend);
        _sdk = _server.Sdk();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();


    [Fact]
    public async Task Store_lifecycle_create_retrieve_update_list_archive_delete()
    {
        var created = await _sdk.Beta.MemoryStores.Create(new MemoryStoreCreateParams
        {
            Name = "User Preferences",
            Description = "Per-user preferences and project context.",
            Metadata = new Dictionary<string, string> { ["owner"] = "ops", ["tier"] = "gold" },
        });
        Assert.StartsWith("memstore_", created.ID, StringComparison.Ordinal);
        Assert.Equal("memory_store", created.Type.GetString());
        Assert.Null(created.ArchivedAt);

        var fetched = await _sdk.Beta.MemoryStores.Retrieve(created.ID, new MemoryStoreRetrieveParams());
        Assert.Equal("Per-user preferences and project context.", fetched.Description);

        var updated = await _sdk.Beta.MemoryStores.Update(created.ID, new MemoryStoreUpdateParams
        {
            Name = "Preferences",
            Metadata = new Dictionary<string, string?> { ["tier"] = null, ["region"] = "eu" },
        });
        Assert.Equal("Preferences", updated.Name);
        Assert.Equal(new Dictionary<string, string> { ["owner"] = "ops", ["region"] = "eu" }, updated.Metadata);

        var second = await _sdk.Beta.MemoryStores.Create(new MemoryStoreCreateParams { Name = "second" });
        var listed = await _sdk.Beta.MemoryStores.List(new MemoryStoreListParams());
        Assert.Equal([second.ID, created.ID], listed.Items.Select(s => s.ID));
        Assert.Equal("", second.Description);

        var archived = await _sdk.Beta.MemoryStores.Archive(second.ID, new MemoryStoreArchiveParams());
        Assert.NotNull(archived.ArchivedAt);
        Assert.Equal([created.ID], (await _sdk.Beta.MemoryStores.List(new MemoryStoreListParams())).Items.Select(s => s.ID));
        Assert.Equal(2, (await _sdk.Beta.MemoryStores.List(new MemoryStoreListParams { IncludeArchived = true })).Items.Count);
        Assert.Single((await _sdk.Beta.MemoryStores.List(new MemoryStoreListParams { IncludeArchived = true, CreatedAtGte = second.CreatedAt })).Items);

        var deleted = await _sdk.Beta.MemoryStores.Delete(created.ID, new MemoryStoreDeleteParams());
        Assert.Equal(created.ID, deleted.ID);
        Assert.Equal("memory_store_deleted", deleted.Type.GetString());
        var missing = await Assert.ThrowsAsync<AnthropicNotFoundException>(() => _sdk.Beta.MemoryStores.Retrieve(created.ID, new MemoryStoreRetrieveParams()));
        AssertError(missing, HttpStatusCode.NotFound, "not_found_error");
    }

    [Fact]
    public async Task Memories_create_retrieve_in_both_views_and_list_with_prefix_markers()
    {
        var store = await NewStoreAsync();
        var created = await _sdk.Beta.MemoryStores.Memories.Create(store, new MemoryCreateParams { Path = "/projects/foo/notes.md", Content = "# Notes\n" });
        Assert.StartsWith("mem_", created.ID, StringComparison.Ordinal);
        Assert.Equal("memory", created.Type.GetString());
        Assert.Null(created.Content); // create answers in the basic view by default
        Assert.Equal(8, created.ContentSizeBytes);
        Assert.Equal(Engram.Memories.MemoryContent.Sha256("# Notes\n"), created.ContentSha256);

        var full = await _sdk.Beta.MemoryStores.Memories.Retrieve(created.ID, new MemoryRetrieveParams { MemoryStoreID = store });
        Assert.Equal("# Notes\n", full.Content);
        var basic = await _sdk.Beta.MemoryStores.Memories.Retrieve(created.ID, new MemoryRetrieveParams { MemoryStoreID = store, View = BetaManagedAgentsMemoryView.Basic });
        Assert.Null(basic.Content);
        Assert.Equal(full.ContentSha256, basic.ContentSha256);

        await _sdk.Beta.MemoryStores.Memories.Create(store, new MemoryCreateParams { Path = "/projects/bar.md", Content = "bar" });
        await _sdk.Beta.MemoryStores.Memories.Create(store, new MemoryCreateParams { Path = "/readme.md", Content = "hi" });
        var top = await _sdk.Beta.MemoryStores.Memories.List(store, new MemoryListParams { Depth = 1 });
        Assert.Equal(["/projects/", "/readme.md"], top.Items.Select(i => i.Path));
        Assert.True(top.Items[0].TryPickPrefix(out _));
        Assert.True(top.Items[1].TryPickBetaManagedAgentsMemory(out var readme));
        Assert.Null(readme.Content);

        var under = await _sdk.Beta.MemoryStores.Memories.List(store, new MemoryListParams { PathPrefix = "/projects/", Depth = 1 });
        Assert.Equal(["/projects/bar.md", "/projects/foo/"], under.Items.Select(i => i.Path));
    }

    [Fact]
    public async Task Lists_paginate_across_several_pages_and_full_view_caps_a_page_at_20()
    {
        var store = await NewStoreAsync();
        for (var i = 0; i < 45; i++)
        {
            await _sdk.Beta.MemoryStores.Memories.Create(store, new MemoryCreateParams { Path = $"/m/{i:D2}.md", Content = $"body {i}" });
        }

        var paths = new List<string>();
        var page = await _sdk.Beta.MemoryStores.Memories.List(store, new MemoryListParams { Limit = 10 });
        var pages = 1;
        paths.AddRange(page.Items.Select(i => i.Path));
        while (page.HasNext())
        {
            page = await page.Next();
            pages++;
            paths.AddRange(page.Items.Select(i => i.Path));
        }

        Assert.Equal(5, pages);
        Assert.Equal(Enumerable.Range(0, 45).Select(i => $"/m/{i:D2}.md"), paths);

        var full = await _sdk.Beta.MemoryStores.Memories.List(store, new MemoryListParams { Limit = 100, View = BetaManagedAgentsMemoryView.Full });
        Assert.Equal(20, full.Items.Count);
        Assert.All(full.Items, i => Assert.True(i.TryPickBetaManagedAgentsMemory(out var m) && m.Content!.StartsWith("body ", StringComparison.Ordinal)));

        var tooMany = await Assert.ThrowsAsync<AnthropicBadRequestException>(() => _sdk.Beta.MemoryStores.Memories.List(store, new MemoryListParams { Limit = 101 }));
        AssertError(tooMany, HttpStatusCode.BadRequest, "invalid_request_error", "limit");
        await Assert.ThrowsAsync<AnthropicBadRequestException>(() => _sdk.Beta.MemoryStores.Memories.List(store, new MemoryListParams { Limit = 0 }));
    }

    [Fact]
    public async Task Update_with_precondition_rename_keeps_id_and_a_stale_hash_is_a_409()
    {
        var store = await NewStoreAsync();
        var memory = await _sdk.Beta.MemoryStores.Memories.Create(store, new MemoryCreateParams { Path = "/a.md", Content = "v1" });
        var renamed = await _sdk.Beta.MemoryStores.Memories.Update(memory.ID, new MemoryUpdateParams
        {
            MemoryStoreID = store,
            Path = "/b.md",
            Content = "v2",
            Precondition = new BetaManagedAgentsPrecondition { ContentSha256 = memory.ContentSha256 },
        });
        Assert.Equal(memory.ID, renamed.ID);
        Assert.Equal("/b.md", renamed.Path);
        Assert.NotEqual(memory.MemoryVersionID, renamed.MemoryVersionID);

        var stale = await Assert.ThrowsAsync<AnthropicConflictException>(() => _sdk.Beta.MemoryStores.Memories.Update(memory.ID, new MemoryUpdateParams
        {
            MemoryStoreID = store,
            Content = "v3",
            Precondition = new BetaManagedAgentsPrecondition { ContentSha256 = memory.ContentSha256 },
        }));
        AssertError(stale, HttpStatusCode.Conflict, "memory_precondition_failed_error");
        var current = await _sdk.Beta.MemoryStores.Memories.Retrieve(memory.ID, new MemoryRetrieveParams { MemoryStoreID = store });
        Assert.Equal("v2", current.Content);
    }

    [Fact]
    public async Task Path_conflicts_are_409s_that_name_the_conflicting_path_and_memory()
    {
        var store = await NewStoreAsync();
        var notes = await _sdk.Beta.MemoryStores.Memories.Create(store, new MemoryCreateParams { Path = "/notes", Content = "x" });
        var conflict = await Assert.ThrowsAsync<AnthropicConflictException>(() =>
            _sdk.Beta.MemoryStores.Memories.Create(store, new MemoryCreateParams { Path = "/notes/todo.md", Content = "y" }));
        var error = AssertError(conflict, HttpStatusCode.Conflict, "memory_path_conflict_error");
        Assert.Equal("/notes", error.GetProperty("conflicting_path").GetString());
        Assert.Equal(notes.ID, error.GetProperty("conflicting_memory_id").GetString());
    }

    [Fact]
    public async Task Conditional_delete_refuses_a_stale_hash_and_deletes_with_the_current_one()
    {
        var store = await NewStoreAsync();
        var memory = await _sdk.Beta.MemoryStores.Memories.Create(store, new MemoryCreateParams { Path = "/d.md", Content = "bye" });
        var stale = await Assert.ThrowsAsync<AnthropicConflictException>(() => _sdk.Beta.MemoryStores.Memories.Delete(memory.ID, new MemoryDeleteParams
        {
            MemoryStoreID = store,
            ExpectedContentSha256 = Engram.Memories.MemoryContent.Sha256("other"),
        }));
        AssertError(stale, HttpStatusCode.Conflict, "memory_precondition_failed_error");

        var deleted = await _sdk.Beta.MemoryStores.Memories.Delete(memory.ID, new MemoryDeleteParams { MemoryStoreID = store, ExpectedContentSha256 = memory.ContentSha256 });
        Assert.Equal(memory.ID, deleted.ID);
        Assert.Equal("memory_deleted", deleted.Type.GetString());
    }

    [Fact]
    public async Task Versions_list_newest_first_filter_retrieve_and_redact()
    {
        var store = await NewStoreAsync();
        var memory = await _sdk.Beta.MemoryStores.Memories.Create(store, new MemoryCreateParams { Path = "/v.md", Content = "secret=1" });
        await _sdk.Beta.MemoryStores.Memories.Update(memory.ID, new MemoryUpdateParams { MemoryStoreID = store, Content = "secret=(vault)" });
        await _sdk.Beta.MemoryStores.Memories.Create(store, new MemoryCreateParams { Path = "/other.md", Content = "o" });

        var all = await _sdk.Beta.MemoryStores.MemoryVersions.List(store, new MemoryVersionListParams());
        Assert.Equal(3, all.Items.Count);
        Assert.Equal("memory_version", all.Items[0].Type.GetString());
        Assert.True(all.Items.Zip(all.Items.Skip(1)).All(p => p.First.CreatedAt >= p.Second.CreatedAt));

        var history = await _sdk.Beta.MemoryStores.MemoryVersions.List(store, new MemoryVersionListParams { MemoryID = memory.ID });
        Assert.Equal(["modified", "created"], history.Items.Select(v => v.Operation.Raw()));
        var created = await _sdk.Beta.MemoryStores.MemoryVersions.List(store, new MemoryVersionListParams { Operation = BetaManagedAgentsMemoryVersionOperation.Created });
        Assert.Equal(2, created.Items.Count);

        var first = await _sdk.Beta.MemoryStores.MemoryVersions.Retrieve(memory.MemoryVersionID, new MemoryVersionRetrieveParams { MemoryStoreID = store });
        Assert.Equal("secret=1", first.Content);
        Assert.Equal("/v.md", first.Path);
        Assert.True(first.CreatedBy!.TryPickUser(out var author));
        Assert.Equal(_server.AdminUserId, author.UserID);

        var redacted = await _sdk.Beta.MemoryStores.MemoryVersions.Redact(memory.MemoryVersionID, new MemoryVersionRedactParams { MemoryStoreID = store });
        Assert.NotNull(redacted.RedactedAt);
        Assert.Null(redacted.Content);
        Assert.Null(redacted.ContentSha256);
        Assert.Null(redacted.ContentSizeBytes);
        Assert.Null(redacted.Path);
        Assert.True(redacted.RedactedBy!.TryPickUser(out _));
    }

    [Fact]
    public async Task An_archived_store_refuses_writes_with_400_and_still_serves_reads_and_deletes()
    {
        var store = await NewStoreAsync();
        var memory = await _sdk.Beta.MemoryStores.Memories.Create(store, new MemoryCreateParams { Path = "/a", Content = "a" });
        await _sdk.Beta.MemoryStores.Archive(store, new MemoryStoreArchiveParams());
        var create = await Assert.ThrowsAsync<AnthropicBadRequestException>(() => _sdk.Beta.MemoryStores.Memories.Create(store, new MemoryCreateParams { Path = "/b", Content = "b" }));
        AssertError(create, HttpStatusCode.BadRequest, "invalid_request_error");
        await Assert.ThrowsAsync<AnthropicBadRequestException>(() => _sdk.Beta.MemoryStores.Update(store, new MemoryStoreUpdateParams { Name = "x" }));
        Assert.Equal("a", (await _sdk.Beta.MemoryStores.Memories.Retrieve(memory.ID, new MemoryRetrieveParams { MemoryStoreID = store })).Content);
        await _sdk.Beta.MemoryStores.Memories.Delete(memory.ID, new MemoryDeleteParams { MemoryStoreID = store });
    }

    [Fact]
    public async Task Each_api_key_records_its_principal_as_the_actor()
    {
        var store = await NewStoreAsync();
        var (user, userKey) = await _server.NewPrincipalAsync(PrincipalKind.User, name: "alice");
        var (service, serviceKey) = await _server.NewPrincipalAsync(PrincipalKind.ServiceAccount, name: "ci-bot");
        var byUser = await _server.Sdk(userKey.Secret).Beta.MemoryStores.Memories.Create(store, new MemoryCreateParams { Path = "/u", Content = "u" });
        var byService = await _server.Sdk(serviceKey.Secret).Beta.MemoryStores.Memories.Create(store, new MemoryCreateParams { Path = "/s", Content = "s" });

        var userVersion = await _sdk.Beta.MemoryStores.MemoryVersions.Retrieve(byUser.MemoryVersionID, new MemoryVersionRetrieveParams { MemoryStoreID = store });
        Assert.True(userVersion.CreatedBy!.TryPickUser(out var asUser));
        Assert.Equal(user.Id, asUser.UserID);
        var serviceVersion = await _sdk.Beta.MemoryStores.MemoryVersions.Retrieve(byService.MemoryVersionID, new MemoryVersionRetrieveParams { MemoryStoreID = store });
        Assert.True(serviceVersion.CreatedBy!.TryPickServiceAccount(out var asService));
        Assert.Equal(service.Id, asService.ServiceAccountID);

        var byKey = await _sdk.Beta.MemoryStores.MemoryVersions.List(store, new MemoryVersionListParams { ApiKeyID = userKey.Key.Id });
        Assert.Equal([byUser.MemoryVersionID], byKey.Items.Select(v => v.ID));
        var byAccount = await _sdk.Beta.MemoryStores.MemoryVersions.List(store, new MemoryVersionListParams { ServiceAccountID = service.Id });
        Assert.Equal([byService.MemoryVersionID], byAccount.Items.Select(v => v.ID));
    }

    [Fact]
    public async Task Missing_wrong_and_revoked_keys_are_401()
    {
        var none = await Assert.ThrowsAsync<AnthropicUnauthorizedException>(() => _server.Sdk("").Beta.MemoryStores.List(new MemoryStoreListParams()));
        AssertError(none, HttpStatusCode.Unauthorized, "authentication_error");
        await Assert.ThrowsAsync<AnthropicUnauthorizedException>(() => _server.Sdk("engram_sk_not-a-key").Beta.MemoryStores.List(new MemoryStoreListParams()));

        var (_, key) = await _server.NewPrincipalAsync(PrincipalKind.User);
        await _server.Sdk(key.Secret).Beta.MemoryStores.List(new MemoryStoreListParams());
        await _server.Engine.Access.RevokeApiKeyAsync(Caller.LocalOperator(_server.AdminUserId), key.Key.Id, CancellationToken.None);
        var revoked = await Assert.ThrowsAsync<AnthropicUnauthorizedException>(() => _server.Sdk(key.Secret).Beta.MemoryStores.List(new MemoryStoreListParams()));
        AssertError(revoked, HttpStatusCode.Unauthorized, "authentication_error");
    }

    [Fact]
    public async Task Unknown_ids_are_404()
    {
        var store = await NewStoreAsync();
        await Assert.ThrowsAsync<AnthropicNotFoundException>(() => _sdk.Beta.MemoryStores.Memories.Retrieve("mem_01AAAAAAAAAAAAAAAAAAAAAAAA", new MemoryRetrieveParams { MemoryStoreID = store }));
        await Assert.ThrowsAsync<AnthropicNotFoundException>(() => _sdk.Beta.MemoryStores.MemoryVersions.Retrieve("memver_01AAAAAAAAAAAAAAAAAAAAAAAA", new MemoryVersionRetrieveParams { MemoryStoreID = store }));
        await Assert.ThrowsAsync<AnthropicNotFoundException>(() => _sdk.Beta.MemoryStores.Memories.List("memstore_01AAAAAAAAAAAAAAAAAAAAAAAA", new MemoryListParams()));
    }

    private async Task<string> NewStoreAsync() => (await _sdk.Beta.MemoryStores.Create(new MemoryStoreCreateParams { Name = "sdk" })).ID;

    /// <summary>Checks status and error type and returns the <c>error</c> object.</summary>
    internal static JsonElement AssertError(AnthropicApiException error, HttpStatusCode status, string type, string? field = null)
    {
        Assert.Equal(status, error.StatusCode);
        using var body = JsonDocument.Parse(error.ResponseBody);
        Assert.Equal("error", body.RootElement.GetProperty("type").GetString());
        var inner = body.RootElement.GetProperty("error").Clone();
        Assert.Equal(type, inner.GetProperty("type").GetString());
        var message = inner.GetProperty("message").GetString()!;
        Assert.DoesNotContain("   at ", message, StringComparison.Ordinal); // never a stack trace
        if (field is not null)
        {
            Assert.StartsWith(field + ": ", message, StringComparison.Ordinal);
        }

        return inner;
    }

}
