using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Engram.Access;
using Engram.Access.Policies;
using Engram.Client;
using Engram.Errors;
using Engram.Memories;
using Engram.Review;

namespace Engram.Server.Tests;

/// <summary><c>POST /v1/memory_stores/{id}/memory_batch</c> through the real server: outcomes per item, permissions per item, limits.</summary>
public sealed class BatchWriteTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private IEngramClient _admin = null!;
    private string _store = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(new ServerOptions { RateLimitPerSecond = 0 });
        _admin = _server.Remote();
        _store = (await _admin.CreateStoreAsync(new CreateStoreRequest("acme"))).Id;
    }

    public async Task DisposeAsync()
    {
        await _admin.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Each_item_reports_its_own_outcome_and_a_bad_item_changes_nothing_for_itself_or_the_others()
    {
        var kept = (await _admin.CreateMemoryAsync(_store, new CreateMemoryRequest("/kept.md", "kept\n"))).Value;
        var same = (await _admin.CreateMemoryAsync(_store, new CreateMemoryRequest("/same.md", "same\n"))).Value;
        var gone = (await _admin.CreateMemoryAsync(_store, new CreateMemoryRequest("/gone.md", "gone\n"))).Value;
        await _admin.CreateMemoryAsync(_store, new CreateMemoryRequest("/taken.md", "taken\n"));
        var edited = (await _admin.CreateMemoryAsync(_store, new CreateMemoryRequest("/edited.md", "v1\n"))).Value;

        var outcomes = await _admin.WriteBatchAsync(_store,
        [
            new BatchWriteItem(BatchOperation.Write, "/new.md", "new\n", Reason: "batch"),
            new BatchWriteItem(BatchOperation.Write, "/edited.md", "v2\n", ExpectedContentSha256: edited.ContentSha256, Reason: "batch"),
            new BatchWriteItem(BatchOperation.Write, "/same.md", "same\n"),
            new BatchWriteItem(BatchOperation.Update, "/kept.md", "lost?\n", ExpectedContentSha256: new string('0', 64)),
            new BatchWriteItem(BatchOperation.Write, "no-slash.md", "x"),
            new BatchWriteItem(BatchOperation.Create, "/taken.md", "again\n"),
            new BatchWriteItem(BatchOperation.Delete, "/gone.md"),
            new BatchWriteItem(BatchOperation.Write, "/new.md", "twice\n"),
            new BatchWriteItem(BatchOperation.Update, "/missing.md", "x"),
        ]);

        Assert.Equal(
            ["created", "updated", "unchanged", "refused", "refused", "refused", "deleted", "refused", "refused"],
            outcomes.Select(o => o.Status.ToString().ToLowerInvariant()));
        Assert.Equal(Enumerable.Range(0, 9), outcomes.Select(o => o.Index));
        Assert.IsType<PreconditionFailedException>(outcomes[3].Error);
        var path = Assert.IsType<InvalidRequestException>(outcomes[4].Error);
        Assert.Equal("path", path.Field);
        Assert.StartsWith("must start with '/'", path.Rule, StringComparison.Ordinal);
        Assert.IsType<PathConflictException>(outcomes[5].Error);
        Assert.Contains("already item 0 of this batch", outcomes[7].Error!.Message, StringComparison.Ordinal);
        Assert.IsType<NotFoundException>(outcomes[8].Error);

        var created = await _admin.GetMemoryByPathAsync(_store, "/new.md");
        Assert.Equal("new\n", created.Content);
        Assert.Equal(created.MemoryVersionId, outcomes[0].MemoryVersionId);
        Assert.Equal(created.ContentSha256, outcomes[0].ContentSha256);
        Assert.Equal("batch", (await _admin.GetVersionAsync(_store, created.MemoryVersionId)).Reason);
        Assert.Equal("v2\n", (await _admin.GetMemoryByPathAsync(_store, "/edited.md")).Content);
        Assert.Equal(same.MemoryVersionId, outcomes[2].MemoryVersionId);
        Assert.Single((await _admin.ListVersionsAsync(_store, new VersionListQuery(MemoryId: same.Id))).Data);
        Assert.Equal(kept.MemoryVersionId, (await _admin.GetMemoryByPathAsync(_store, "/kept.md")).MemoryVersionId);
        await Assert.ThrowsAsync<NotFoundException>(() => _admin.GetMemoryAsync(_store, gone.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => _admin.GetMemoryByPathAsync(_store, "/missing.md"));
    }

    [Fact]
    public async Task Each_item_is_permission_checked_as_its_single_write_is_and_a_proposers_item_becomes_a_proposal()
    {
        foreach (var rule in await _admin.ListPoliciesAsync(_store))
        {
            if (rule.StoreId == _store)
            {
                await _admin.RemovePolicyAsync(rule.Id);
            }
        }

        await _admin.AddPolicyAsync(new AddPolicyRequest(_store, "agent:*", "/org/**", ["read", "list", "propose"]));
        await _admin.AddPolicyAsync(new AddPolicyRequest(_store, "agent:*", "/teams/**", ["read", "list"]));
        await _admin.AddPolicyAsync(new AddPolicyRequest(_store, "agent:*", "/agents/{agent}/**", ["read", "list", "create", "update", "delete"]));
        var handbook = (await _admin.CreateMemoryAsync(_store, new CreateMemoryRequest("/org/handbook.md", "handbook\n"))).Value;
        var other = (await _admin.CreateMemoryAsync(_store, new CreateMemoryRequest("/agents/beta/notes.md", "beta's\n"))).Value;
        await using var alpha = _server.Remote((await _admin.RegisterSessionAsync(new RegisterSessionRequest("alpha", Stores: [new SessionAttachment(_store, AttachmentAccess.ReadWrite, "")]))).Token);

        var outcomes = await alpha.WriteBatchAsync(_store,
        [
            new BatchWriteItem(BatchOperation.Write, "/org/handbook.md", "handbook, as alpha would have it\n"),
            new BatchWriteItem(BatchOperation.Write, "/teams/payments/runbook.md", "x"),
            new BatchWriteItem(BatchOperation.Write, "/agents/alpha/notes.md", "mine\n"),
            new BatchWriteItem(BatchOperation.Update, "/agents/beta/notes.md", "overwritten\n"),
        ]);

        // The same four as single writes by the same session, for the outcome each must match.
        Assert.Equal(BatchItemStatus.Proposed, outcomes[0].Status);
        var proposal = (await _admin.GetProposalAsync(_store, outcomes[0].ProposalId!)).Proposal;
        Assert.Equal(ProposalStatus.Pending, proposal.Status);
        Assert.Equal(handbook.Id, proposal.MemoryId);
        Assert.Equal("handbook\n", (await _admin.GetMemoryAsync(_store, handbook.Id)).Content);
        await Assert.ThrowsAsync<PermissionDeniedException>(() => alpha.CreateMemoryAsync(_store, new CreateMemoryRequest("/teams/payments/other.md", "x")));
        Assert.IsType<PermissionDeniedException>(outcomes[1].Error);
        Assert.Equal(BatchItemStatus.Created, outcomes[2].Status);
        await Assert.ThrowsAsync<NotFoundException>(() => alpha.UpdateMemoryAsync(_store, other.Id, new UpdateMemoryRequest("overwritten\n")));
        Assert.IsType<NotFoundException>(outcomes[3].Error);
        Assert.Equal("beta's\n", (await _admin.GetMemoryAsync(_store, other.Id)).Content);
    }

    [Fact]
    public async Task Too_many_items_too_large_a_body_or_a_malformed_item_refuse_the_whole_batch_naming_the_limit_and_write_nothing()
    {
        using var http = _server.Http();
        var url = $"v1/memory_stores/{_store}/memory_batch";

        var tooMany = await http.PostAsJsonAsync(url, new { items = Enumerable.Range(0, MemoryStoreService.MaxBatchItems + 1).Select(i => new { path = $"/m/{i}.md", content = "x" }) });
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Equal("items: must hold at most 1,000 items (got 1,001); split the batch", await MessageAsync(tooMany));

        var big = new string('a', 100_000);
        // Expect: 100-continue lets the server refuse before the body is sent, rather than close the connection under the client.
        using var oversized = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(JsonSerializer.Serialize(new { items = Enumerable.Range(0, 340).Select(i => new { path = $"/big/{i}.md", content = big }) }), Encoding.UTF8, "application/json"),
        };
        oversized.Headers.ExpectContinue = true;
        using var tooLarge = await http.SendAsync(oversized);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Contains("(32 MiB)", await MessageAsync(tooLarge), StringComparison.Ordinal);

        var malformed = await http.PostAsJsonAsync(url, new { items = new object[] { new { path = "/fine.md", content = "x" }, new { operation = "upsert", path = "/odd.md", content = "x" } } });
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.StartsWith("items[1].operation: must be write, create, update or delete", await MessageAsync(malformed), StringComparison.Ordinal);

        var unseen = await http.PostAsJsonAsync("v1/memory_stores/memstore_missing/memory_batch", new { items = new[] { new { path = "/a.md", content = "x" } } });
        Assert.Equal(HttpStatusCode.NotFound, unseen.StatusCode);

        Assert.Empty((await _admin.ListMemoriesAsync(_store, new MemoryListQuery())).Data);
    }

    private static async Task<string> MessageAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("message").GetString()!;
}
