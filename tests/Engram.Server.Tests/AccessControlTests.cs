using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Engram.Access;
using Engram.Access.Audit;
using Engram.Access.Policies;
using Engram.Client;
using Engram.Errors;
using Engram.Memories;
using Engram.Review;

namespace Engram.Server.Tests;

/// <summary>
/// Access control through the real server: a store whose policy makes org knowledge read-only (agents may
/// propose), team notes writable by the team, and each agent's scratchpad its own.
/// </summary>
public sealed class AccessControlTests : IAsyncLifetime
{
    private const string Org = "/org/handbook.md";
    private const string Team = "/teams/payments/runbook.md";
    private const string Own = "/agents/alpha/notes.md";
    private const string Other = "/agents/beta/notes.md";

    private TestServer _server = null!;
    private IEngramClient _admin = null!;
    private string _store = null!;
    private readonly Dictionary<string, IEngramClient> _as = [];
    private readonly Dictionary<string, string> _ids = [];

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(new ServerOptions { RateLimitPerSecond = 0 });
        _admin = _server.Remote();
        _store = (await _admin.CreateStoreAsync(new CreateStoreRequest("acme"))).Id;
        foreach (var rule in await _admin.ListPoliciesAsync(_store))
        {
            if (rule.StoreId == _store)
            {
                await _admin.RemovePolicyAsync(rule.Id);
            }
        }

        await Allow("group:payments", "/**", "read", "list");
        await Allow("group:payments", "/teams/payments/**", "create", "update", "delete");
        await Allow("agent:*", "/org/**", "read", "list", "propose");
        await Allow("agent:*", "/teams/**", "read", "list");
        await Allow("agent:*", "/agents/{agent}/**", "read", "list", "create", "update", "delete");

        foreach (var path in new[] { Org, Team, Own, Other })
        {
            _ids[path] = ((await _admin.CreateMemoryAsync(_store, new CreateMemoryRequest(path, $"seed of {path}"))).Value).Id;
        }

        _as["admin"] = _admin;
        _as["member"] = _server.Remote((await _admin.CreateApiKeyAsync(new CreateApiKeyRequest("m", (await _admin.CreatePrincipalAsync(new CreatePrincipalRequest(PrincipalKind.User, "mia", Groups: ["payments"]))).Id))).Secret);
        _as["outsider"] = _server.Remote((await _admin.CreateApiKeyAsync(new CreateApiKeyRequest("o", (await _admin.CreatePrincipalAsync(new CreatePrincipalRequest(PrincipalKind.User, "oscar"))).Id))).Secret);
        _as["alpha_rw"] = _server.Remote((await _admin.RegisterSessionAsync(new RegisterSessionRequest("alpha", Stores: [new SessionAttachment(_store, AttachmentAccess.ReadWrite, "")]))).Token);
        _as["alpha_ro"] = _server.Remote((await _admin.RegisterSessionAsync(new RegisterSessionRequest("alpha", Stores: [new SessionAttachment(_store, AttachmentAccess.ReadOnly, "")]))).Token);
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _as.Values)
        {
            await client.DisposeAsync();
        }

        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Every_principal_kind_on_every_scope_is_allowed_denied_or_invisible_exactly_as_the_policy_says()
    {
        var expected = new Dictionary<string, string>
        {
            // principal, scope: retrieve / update / create a new file beside it / delete one beside it / read its history
            ["admin org"] = "ok ok ok ok ok", ["admin team"] = "ok ok ok ok ok", ["admin own"] = "ok ok ok ok ok", ["admin other"] = "ok ok ok ok ok",
            ["member org"] = "ok denied denied denied ok", ["member team"] = "ok ok ok ok ok", ["member own"] = "ok denied denied denied ok", ["member other"] = "ok denied denied denied ok",
            ["alpha_rw org"] = "ok proposed proposed proposed ok", ["alpha_rw team"] = "ok denied denied denied ok", ["alpha_rw own"] = "ok ok ok ok ok", ["alpha_rw other"] = "invisible invisible denied invisible invisible",
            ["alpha_ro org"] = "ok denied denied denied ok", ["alpha_ro team"] = "ok denied denied denied ok", ["alpha_ro own"] = "ok denied denied denied ok", ["alpha_ro other"] = "invisible invisible denied invisible invisible",
            ["outsider org"] = "invisible invisible invisible invisible invisible", ["outsider team"] = "invisible invisible invisible invisible invisible", ["outsider own"] = "invisible invisible invisible invisible invisible", ["outsider other"] = "invisible invisible invisible invisible invisible",
        };
        var scopes = new Dictionary<string, string> { ["org"] = Org, ["team"] = Team, ["own"] = Own, ["other"] = Other };

        var actual = new Dictionary<string, string>();
        foreach (var (who, client) in _as)
        {
            foreach (var (scope, path) in scopes)
            {
                var read = await Outcome(() => client.GetMemoryAsync(_store, _ids[path]));
                var update = await Outcome(() => client.UpdateMemoryAsync(_store, _ids[path], new UpdateMemoryRequest($"{path} edited by {who}")));
                var create = await Outcome(() => client.CreateMemoryAsync(_store, new CreateMemoryRequest(path.Replace(".md", $"-{who}.md", StringComparison.Ordinal), "new")));
                var victim = (await _admin.CreateMemoryAsync(_store, new CreateMemoryRequest(path.Replace(".md", $"-victim-{who}.md", StringComparison.Ordinal), "delete me"))).Value;
                var delete = await Outcome(() => client.DeleteMemoryAsync(_store, victim.Id, new DeleteMemoryRequest()));
                var history = await Outcome(async () =>
                {
                    var versions = await client.ListVersionsAsync(_store, new VersionListQuery(MemoryId: _ids[path]));
                    _ = versions.Data.Count == 0 ? throw new NotFoundException("memory", _ids[path]) : versions;
                    await client.GetVersionAsync(_store, versions.Data[^1].Id);
                });
                actual[$"{who} {scope}"] = $"{read} {update} {create} {delete} {history}";
            }
        }

        var wrong = expected.Where(e => actual[e.Key] != e.Value).Select(e => $"{e.Key}: expected {e.Value}, got {actual[e.Key]}").ToList();
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task Listings_and_history_omit_what_a_caller_may_not_read()
    {
        var readable = new Dictionary<string, string[]>
        {
            ["admin"] = [Other, Own, Org, Team],
            ["member"] = [Other, Own, Org, Team],
            ["alpha_rw"] = [Own, Org, Team],
            ["alpha_ro"] = [Own, Org, Team],
        };
        foreach (var (who, paths) in readable)
        {
            var listed = await MemoryResolver.ListAllAsync(_as[who], _store, null, 0).Select(i => i.Path).ToListAsync();
            Assert.Equal(paths.Order(StringComparer.Ordinal), listed);
            var versions = await _as[who].ListVersionsAsync(_store, new VersionListQuery(Limit: 100));
            Assert.Equal(paths.Order(StringComparer.Ordinal), versions.Data.Select(v => v.Path!).Order(StringComparer.Ordinal));
        }

        var agentView = await MemoryResolver.ListAllAsync(_as["alpha_rw"], _store, "/agents/", 1).Select(i => i.Path).ToListAsync();
        Assert.Equal(["/agents/alpha/"], agentView);
        await Assert.ThrowsAsync<NotFoundException>(() => _as["outsider"].ListMemoriesAsync(_store, new MemoryListQuery()));
        Assert.DoesNotContain(_store, (await _as["outsider"].ListStoresAsync(new StoreListQuery())).Data.Select(s => s.Id));
        Assert.Contains(_store, (await _as["alpha_ro"].ListStoresAsync(new StoreListQuery())).Data.Select(s => s.Id));

        var hidden = (await _admin.ListVersionsAsync(_store, new VersionListQuery(MemoryId: _ids[Other]))).Data[0];
        await Assert.ThrowsAsync<NotFoundException>(() => _as["alpha_rw"].GetVersionAsync(_store, hidden.Id));
    }

    [Fact]
    public async Task Path_conflicts_never_name_a_memory_the_caller_cannot_read()
    {
        // alpha may create in its own corner, but /agents/beta/notes.md is not its to know about.
        await Allow("agent:*", "/agents/**", "create");
        var conflict = await Assert.ThrowsAsync<PathConflictException>(() => _as["alpha_rw"].CreateMemoryAsync(_store, new CreateMemoryRequest("/agents/beta", "x")));
        Assert.Equal("", conflict.ConflictingMemoryId);
        Assert.DoesNotContain("notes.md", conflict.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_ids[Other], conflict.Message, StringComparison.Ordinal);
        Assert.Equal("path: /agents/beta is already used by, or overlaps, a memory you may not read", conflict.Message);
    }

    [Fact]
    public async Task A_path_conflict_with_a_memory_the_caller_can_read_names_it_in_the_message()
    {
        var onto = await Assert.ThrowsAsync<PathConflictException>(() => _as["alpha_rw"].CreateMemoryAsync(_store, new CreateMemoryRequest(Own, "x")));
        var under = await Assert.ThrowsAsync<PathConflictException>(() => _as["alpha_rw"].CreateMemoryAsync(_store, new CreateMemoryRequest(Own + "/deeper.md", "x")));

        Assert.Equal(_ids[Own], onto.ConflictingMemoryId);
        Assert.Equal($"path: {Own} is already used by memory {_ids[Own]}", onto.Message);
        Assert.Equal(_ids[Own], under.ConflictingMemoryId);
        Assert.Equal($"path: {Own}/deeper.md overlaps {Own} (memory {_ids[Own]}); one path may not be an ancestor of another", under.Message);
    }

    [Fact]
    public async Task Redaction_needs_the_redact_capability()
    {
        var version = ((await _admin.UpdateMemoryAsync(_store, _ids[Team], new UpdateMemoryRequest("leaked"))).Value).MemoryVersionId;
        await _admin.UpdateMemoryAsync(_store, _ids[Team], new UpdateMemoryRequest("clean"));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => _as["member"].RedactVersionAsync(_store, version));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => _as["alpha_rw"].RedactVersionAsync(_store, version));
        Assert.NotNull((await _admin.RedactVersionAsync(_store, version)).RedactedAt);
    }

    [Fact]
    public async Task An_agent_proposes_to_org_memory_a_reviewer_accepts_and_a_second_proposal_on_the_same_base_conflicts()
    {
        using var http = _server.Http(await SessionTokenAsync());
        var before = await _admin.GetMemoryAsync(_store, _ids[Org]);

        using var first = await http.PostAsJsonAsync($"/v1/memory_stores/{_store}/memories/{_ids[Org]}", new
        {
            content = before.Content + "\nAlways run migrations with --dry-run first.\n",
            precondition = new { type = "content_sha256", content_sha256 = before.ContentSha256 },
            reason = "two sessions broke staging",
        });
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var proposal = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("proposal", proposal.GetProperty("type").GetString());
        Assert.Equal("pending", proposal.GetProperty("status").GetString());
        Assert.Equal(proposal.GetProperty("id").GetString(), first.Headers.GetValues("engram-proposal-id").Single());
        Assert.Equal(before.MemoryVersionId, (await _admin.GetMemoryAsync(_store, _ids[Org])).MemoryVersionId);

        using var second = await http.PostAsJsonAsync($"/v1/memory_stores/{_store}/memories/{_ids[Org]}", new { content = "a different rewrite", reason = "also me" });
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        var secondId = (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        var pending = await _admin.ListProposalsAsync(_store, new ProposalListQuery(ProposalStatus.Pending));
        Assert.Equal(2, pending.Data.Count);
        var review = await _admin.GetProposalAsync(_store, proposal.GetProperty("id").GetString()!);
        Assert.Contains("+Always run migrations with --dry-run first.", review.Diff, StringComparison.Ordinal);
        Assert.False(review.BaseIsStale);

        await Assert.ThrowsAsync<PermissionDeniedException>(() => _as["member"].AcceptProposalAsync(_store, secondId));
        var applied = await _admin.AcceptProposalAsync(_store, review.Proposal.Id, "agreed");
        Assert.Equal(ProposalStatus.Applied, applied.Status);
        var version = await _admin.GetVersionAsync(_store, applied.AppliedVersionId!);
        Assert.Equal(ActorType.Session, version.CreatedBy!.Type);
        Assert.Equal(review.Proposal.Author, version.CreatedBy);
        Assert.Equal(review.Proposal.Id, version.ProposalId);
        Assert.Equal(Actor.User(_server.AdminUserId), version.ReviewedBy);
        Assert.Equal("two sessions broke staging", version.Reason);

        var conflicted = await _admin.AcceptProposalAsync(_store, secondId);
        Assert.Equal(ProposalStatus.Conflicted, conflicted.Status);
        Assert.Contains("changed since the proposal was made", conflicted.DecisionNote, StringComparison.Ordinal);
        Assert.Equal(applied.AppliedVersionId, (await _admin.GetMemoryAsync(_store, _ids[Org])).MemoryVersionId);
        await Assert.ThrowsAsync<InvalidStateException>(() => _admin.RejectProposalAsync(_store, secondId));
    }

    [Fact]
    public async Task The_audit_log_records_writes_denials_policy_key_session_and_review_events_without_content()
    {
        await Outcome(() => _as["alpha_rw"].UpdateMemoryAsync(_store, _ids[Team], new UpdateMemoryRequest("SECRET-TEAM-CONTENT")));
        await _as["member"].UpdateMemoryAsync(_store, _ids[Team], new UpdateMemoryRequest("member content SECRET-TEAM-CONTENT"));
        var filed = (await _as["alpha_rw"].UpdateMemoryAsync(_store, _ids[Org], new UpdateMemoryRequest("SECRET-PROPOSED-CONTENT"))).Proposal;
        Assert.NotNull(filed);
        await _admin.RejectProposalAsync(_store, filed.Id, "no");

        var all = await AuditAsync(_admin);
        var actions = all.Select(e => (e.Action, e.Outcome)).ToHashSet();
        Assert.Contains(("policy.add", AuditOutcome.Ok), actions);
        Assert.Contains(("policy.remove", AuditOutcome.Ok), actions);
        Assert.Contains(("principal.create", AuditOutcome.Ok), actions);
        Assert.Contains(("key.create", AuditOutcome.Ok), actions);
        Assert.Contains(("session.register", AuditOutcome.Ok), actions);
        Assert.Contains(("memory.create", AuditOutcome.Ok), actions);
        Assert.Contains(("memory.update", AuditOutcome.Ok), actions);
        Assert.Contains(("memory.update", AuditOutcome.Denied), actions);
        Assert.Contains(("proposal.create", AuditOutcome.Ok), actions);
        Assert.Contains(("proposal.reject", AuditOutcome.Ok), actions);

        var json = JsonSerializer.Serialize(all.Select(e => e.Detail + e.Target));
        Assert.DoesNotContain("SECRET", json, StringComparison.Ordinal);
        Assert.DoesNotContain(_server.Admin.Secret, json, StringComparison.Ordinal);

        var own = await AuditAsync(_as["member"]);
        Assert.NotEmpty(own);
        Assert.All(own, e => Assert.Equal("user", e.Actor!.WireType.Replace("_actor", "", StringComparison.Ordinal)));
        Assert.True(own.Count < all.Count);
    }

    [Fact]
    public async Task Policy_test_names_the_rule_that_decided()
    {
        var sessions = await _admin.ListSessionsAsync();
        var alpha = sessions.Data.First(s => s.Stores.Single().Access == AttachmentAccess.ReadWrite);
        var allowed = await _admin.TestPolicyAsync(new PolicyTestRequest(alpha.Id, _store, Own, "update"));
        Assert.True(allowed.Allowed);
        Assert.Equal("/agents/{agent}/**", allowed.DecidingRule!.Path.Pattern);
        var refused = await _admin.TestPolicyAsync(new PolicyTestRequest(alpha.Id, _store, Team, "update"));
        Assert.False(refused.Allowed);
        Assert.Contains("deny by default", refused.Reason, StringComparison.Ordinal);

        var deny = await _admin.AddPolicyAsync(new AddPolicyRequest(_store, "agent:alpha", "/agents/alpha/locked/**", ["update"], "deny", "frozen"));
        var denied = await _admin.TestPolicyAsync(new PolicyTestRequest(alpha.Id, _store, "/agents/alpha/locked/x.md", "update"));
        Assert.False(denied.Allowed);
        Assert.Equal(deny.Id, denied.DecidingRule!.Id);
        await Assert.ThrowsAsync<PermissionDeniedException>(() => _as["member"].AddPolicyAsync(new AddPolicyRequest(_store, "*", "/**", ["admin"])));
    }

    private async Task<string> SessionTokenAsync() =>
        (await _admin.RegisterSessionAsync(new RegisterSessionRequest("alpha", Stores: [new SessionAttachment(_store, AttachmentAccess.ReadWrite, "")]))).Token;

    private async Task Allow(string subject, string path, params string[] capabilities) =>
        await _admin.AddPolicyAsync(new AddPolicyRequest(_store, subject, path, capabilities));

    private static async Task<List<AuditEvent>> AuditAsync(IEngramClient client)
    {
        var events = new List<AuditEvent>();
        string? page = null;
        do
        {
            var result = await client.ListAuditEventsAsync(new AuditQuery(Limit: 100, Page: page));
            events.AddRange(result.Data);
            page = result.NextPage;
        }
        while (page is not null);

        return events;
    }

    private static async Task<string> Outcome(Func<Task> action)
    {
        try
        {
            var task = action();
            await task;
            return task is Task<WriteResult> { Result.IsProposed: true } or Task<WriteResult<Memory>> { Result.IsProposed: true } ? "proposed" : "ok";
        }
        catch (NotFoundException)
        {
            return "invisible";
        }
        catch (PermissionDeniedException)
        {
            return "denied";
        }
    }
}
