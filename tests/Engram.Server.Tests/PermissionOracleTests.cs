using System.Net.Http.Json;
using System.Text;
using Engram.Access;
using Engram.Access.Audit;
using Engram.Access.Policies;
using Engram.Errors;
using Engram.Identity;
using Engram.Memories;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Engram.Server.Tests;

/// <summary>
/// An agent that may not read <c>/secret/**</c> must not be able to tell a memory there from no memory at all: on every
/// read surface it gets byte-identical answers, and its own audit log says nothing either way. And a member, who
/// administers a store by default, cannot lift a deny that restricts it.
/// </summary>
public sealed class PermissionOracleTests : IAsyncLifetime
{
    private const string Hidden = "/secret/plans.md";

    private TestServer _server = null!;
    private Caller _admin = null!;
    private string _store = null!;
    private string _token = null!;
    private HttpClient _agent = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(new ServerOptions { RateLimitPerSecond = 0 });
        _admin = Caller.LocalOperator(_server.AdminUserId);
        _store = (await _server.Engine.Memories.CreateStoreAsync(_admin, new CreateStoreRequest("team"), CancellationToken.None)).Id;
        await _server.Engine.Access.AddPolicyAsync(_admin, new AddPolicyRequest(_store, "agent:*", "/secret/**", ["read", "list", "propose"], "deny"), CancellationToken.None);
        await _server.Engine.Memories.CreateMemoryAsync(_admin, _store, new CreateMemoryRequest("/notes/welcome.md", "# Welcome\nRead the runbook first.\n"), CancellationToken.None);
        _token = (await _server.Engine.Access.RegisterSessionAsync(
            _admin, new RegisterSessionRequest("scout", Stores: [new SessionAttachment(_store, AttachmentAccess.ReadWrite, "")]), CancellationToken.None)).Token;
        _agent = _server.Http(_token);
    }

    public async Task DisposeAsync()
    {
        _agent.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Every_read_surface_answers_the_same_bytes_before_and_after_a_memory_it_may_not_read_is_written()
    {
        var missing = await EverySurfaceAsync();
        var memory = (await _server.Engine.Memories.CreateMemoryAsync(_admin, _store, new CreateMemoryRequest(Hidden, "# Plans\nzanzibar launch in May\n"), CancellationToken.None)).Value;
        await _server.Engine.Memories.UpdateMemoryAsync(_admin, _store, memory.Id, new UpdateMemoryRequest("# Plans\nzanzibar launch in June\n"), CancellationToken.None);
        var unreadable = await EverySurfaceAsync();

        Assert.Equal(missing.Keys, unreadable.Keys);
        Assert.All(missing, surface => Assert.True(surface.Value == unreadable[surface.Key], $"{surface.Key}\nmissing:    {surface.Value}\nunreadable: {unreadable[surface.Key]}"));
    }

    [Fact]
    public async Task By_id_a_memory_and_a_version_it_may_not_read_are_answered_like_ids_that_do_not_exist_and_its_audit_log_shows_neither()
    {
        var memory = (await _server.Engine.Memories.CreateMemoryAsync(_admin, _store, new CreateMemoryRequest(Hidden, "# Plans\nzanzibar\n"), CancellationToken.None)).Value;
        var fakeMemory = _server.Engine.Ids.NewId(IdPrefix.Memory);
        var fakeVersion = _server.Engine.Ids.NewId(IdPrefix.MemoryVersion);
        var auditBefore = await GetAsync("/v1/engram/audit");

        var hidden = await ByIdAsync(memory.Id, memory.MemoryVersionId);
        var absent = await ByIdAsync(fakeMemory, fakeVersion);
        var auditAfter = await GetAsync("/v1/engram/audit");

        foreach (var (surface, answer) in hidden)
        {
            var same = answer.Replace(memory.Id, "ID", StringComparison.Ordinal).Replace(memory.MemoryVersionId, "VERSION", StringComparison.Ordinal);
            var other = absent[surface].Replace(fakeMemory, "ID", StringComparison.Ordinal).Replace(fakeVersion, "VERSION", StringComparison.Ordinal);
            Assert.True(same == other, $"{surface}\nunreadable: {same}\nmissing:    {other}");
        }

        Assert.Equal(auditBefore, auditAfter);

        // The admin's log keeps every one of those refusals, as denials.
        var admin = await _server.Engine.Audit.ListAsync(_admin, new AuditQuery(_store, Outcome: AuditOutcome.Denied, Limit: 100), CancellationToken.None);
        Assert.Contains(admin.Data, e => e.Action == "memory.read" && e.Target == memory.Id);
        Assert.Contains(admin.Data, e => e.Action == "memory.read" && e.Target == fakeMemory);
        Assert.Contains(admin.Data, e => e.Action == "version.read" && e.Target == memory.MemoryVersionId);
    }

    [Fact]
    public async Task A_member_cannot_remove_a_deny_that_restricts_it_but_may_remove_one_that_restricts_others_and_an_admin_may_remove_both()
    {
        var (member, key) = await _server.NewPrincipalAsync(PrincipalKind.User, name: "mia");
        await _server.Engine.Access.SetGroupsAsync(_admin, member.Id, ["contractors"], CancellationToken.None);
        var mia = new Caller(member.Actor, key.Key.Id, PrincipalRole.Member) { Groups = new HashSet<string>(["contractors"]) };
        var rules = new Dictionary<string, PolicyRule>();
        foreach (var subject in new[] { $"principal:{member.Id}", "group:contractors", "role:member", "kind:user", "*", "group:interns", "agent:*" })
        {
            rules[subject] = await _server.Engine.Access.AddPolicyAsync(_admin, new AddPolicyRequest(_store, subject, "/finance/**", ["read"], "deny"), CancellationToken.None);
        }

        using var http = _server.Http(key.Secret);
        foreach (var subject in new[] { $"principal:{member.Id}", "group:contractors", "role:member", "kind:user", "*" })
        {
            using var refused = await http.DeleteAsync($"/v1/engram/policies/{rules[subject].Id}");
            var body = await refused.Content.ReadAsStringAsync();
            Assert.True(refused.StatusCode == System.Net.HttpStatusCode.Forbidden, $"{subject}: {(int)refused.StatusCode} {body}");
            Assert.Contains("only an admin removes a rule that restricts the one removing it", body, StringComparison.Ordinal);
        }

        using (var others = await http.DeleteAsync($"/v1/engram/policies/{rules["group:interns"].Id}"))
        {
            Assert.True(others.IsSuccessStatusCode, await others.Content.ReadAsStringAsync());
        }

        var kept = (await _server.Engine.Access.ListPoliciesAsync(_admin, _store, CancellationToken.None)).Select(r => r.Id).ToHashSet();
        Assert.True(new[] { $"principal:{member.Id}", "group:contractors", "role:member", "kind:user", "*" }.All(s => kept.Contains(rules[s].Id)));
        Assert.DoesNotContain(rules["group:interns"].Id, kept);
        await _server.Engine.Access.RemovePolicyAsync(_admin, rules["*"].Id, CancellationToken.None);
        await Assert.ThrowsAsync<PermissionDeniedException>(() => _server.Engine.Access.RemovePolicyAsync(mia, rules["kind:user"].Id, CancellationToken.None));
    }

    /// <summary>What the agent gets from each read surface about <c>/secret/</c> and the store as a whole, keyed by surface.</summary>
    private async Task<Dictionary<string, string>> EverySurfaceAsync()
    {
        var s = $"/v1/memory_stores/{_store}";
        var answers = new Dictionary<string, string>
        {
            ["by path"] = await GetAsync($"{s}/memory_by_path?path={Hidden}"),
            ["list under the path"] = await GetAsync($"{s}/memories?path_prefix=/secret/"),
            ["list everything"] = await GetAsync($"{s}/memories?view=full"),
            ["list by depth"] = await GetAsync($"{s}/memories?path_prefix=/&depth=1"),
            ["versions"] = await GetAsync($"{s}/memory_versions?view=full"),
            ["search"] = await GetAsync($"{s}/search?q=zanzibar"),
            ["search under the path"] = await GetAsync($"{s}/search?q=plans&path_prefix=/secret/"),
            ["catalog"] = await GetAsync($"{s}/catalog"),
            ["context"] = await GetAsync($"/v1/engram/context?memory_store_id={_store}&budget=2000"),
            ["memory tool: view the file"] = await PostAsync($"/v1/engram/memory_stores/{_store}/memory_tool", new { command = "view", path = "/memories" + Hidden }),
            ["memory tool: view the directory"] = await PostAsync($"/v1/engram/memory_stores/{_store}/memory_tool", new { command = "view", path = "/memories/secret" }),
            ["memory tool: view the root"] = await PostAsync($"/v1/engram/memory_stores/{_store}/memory_tool", new { command = "view", path = "/memories" }),
            ["memory tool: create over it"] = await PostAsync($"/v1/engram/memory_stores/{_store}/memory_tool", new { command = "create", path = "/memories" + Hidden, file_text = "x" }),
            ["audit of reads"] = await GetAsync("/v1/engram/audit?action=memory.read"),
            ["audit of version reads"] = await GetAsync("/v1/engram/audit?action=version.read"),
        };

        await using var mcp = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri($"{_server.Url}/mcp?store={_store}"),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["x-api-key"] = _token },
        }));
        answers["mcp: view the file"] = Text(await mcp.CallToolAsync("memory_view", new Dictionary<string, object?> { ["path"] = "/memories" + Hidden }));
        answers["mcp: view the directory"] = Text(await mcp.CallToolAsync("memory_view", new Dictionary<string, object?> { ["path"] = "/memories/secret" }));
        answers["mcp: search"] = Text(await mcp.CallToolAsync("memory_search", new Dictionary<string, object?> { ["query"] = "zanzibar" }));
        answers["mcp: history"] = Text(await mcp.CallToolAsync("memory_history", new Dictionary<string, object?> { ["path"] = "/memories" + Hidden }));
        answers["mcp: resources"] = string.Join("\n", (await mcp.ListResourcesAsync()).Select(r => r.Uri));
        return answers;
    }

    private async Task<Dictionary<string, string>> ByIdAsync(string memoryId, string versionId)
    {
        var s = $"/v1/memory_stores/{_store}";
        return new Dictionary<string, string>
        {
            ["retrieve"] = await GetAsync($"{s}/memories/{memoryId}"),
            ["retrieve full"] = await GetAsync($"{s}/memories/{memoryId}?view=full"),
            ["versions of it"] = await GetAsync($"{s}/memory_versions?memory_id={memoryId}"),
            ["retrieve version"] = await GetAsync($"{s}/memory_versions/{versionId}"),
            ["update"] = await PostAsync($"{s}/memories/{memoryId}", new { content = "overwritten" }),
            ["delete"] = await SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"{s}/memories/{memoryId}")),
            ["revert"] = await PostAsync($"{s}/memories/{memoryId}/revert", new { version_id = versionId }),
            ["redact version"] = await PostAsync($"{s}/memory_versions/{versionId}/redact", new { }),
        };
    }

    private Task<string> GetAsync(string url) => SendAsync(new HttpRequestMessage(HttpMethod.Get, url));

    private Task<string> PostAsync(string url, object body) => SendAsync(new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) });

    /// <summary>The status and the body, byte for byte (as text); headers that differ per request by design are left out.</summary>
    private async Task<string> SendAsync(HttpRequestMessage request)
    {
        using (request)
        using (var response = await _agent.SendAsync(request))
        {
            var body = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync());
            return $"{(int)response.StatusCode} {body}";
        }
    }

    private static string Text(CallToolResult result) =>
        $"{result.IsError} {string.Join("\n", result.Content.OfType<TextContentBlock>().Select(c => c.Text))}";
}
