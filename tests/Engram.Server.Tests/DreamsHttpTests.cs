using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Engram.Dreaming.Dreams;
using Engram.Memories;
using Engram.Remote;
using Engram.Sessions;
using Engram.Storage;

namespace Engram.Server.Tests;

/// <summary>
/// The Dreams API over plain HTTP, where the SDK cannot go: malformed bodies refused naming the field, Engram's
/// extensions (more than 100 sessions, the session filter, the dry-run estimate), and Engram's remote client.
/// Dreams stay pending here (no worker) unless a test starts its own server with one.
/// </summary>
public sealed class DreamsHttpTests : IAsyncLifetime
{
    private const string Model = "claude-sonnet-4-5";

    private TestServer _server = null!;
    private HttpClient _http = null!;
    private string _store = null!;
    private string _session = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(new ServerOptions { RateLimitPerSecond = 0, RunDreams = false });
        _http = _server.Http();
        await using var remote = _server.Remote();
        _store = (await remote.CreateStoreAsync(new CreateStoreRequest("team"))).Id;
        _session = (await DreamSeed.FleetAsync(_server, 1, new HashSet<int>()))[0];
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    public static TheoryData<string, string> MalformedBodies => new()
    {
        { """{"model":"m"}""", "inputs" },
        { """{"inputs":"all","model":"m"}""", "inputs" },
        { """{"inputs":[{"type":"memory_store","memory_store_id":"memstore_a"},{"type":"memory_store","memory_store_id":"memstore_b"},{"type":"sessions","session_ids":["sesn_a"]}],"model":"m"}""", "inputs" },
        { """{"inputs":[{"type":"memory_store","memory_store_id":"memstore_a"}],"model":"m"}""", "inputs" },
        { """{"inputs":[{"type":"sessions","session_ids":["sesn_a"]}],"model":"m"}""", "inputs" },
        { """{"inputs":["memstore_a",{"type":"sessions","session_ids":["sesn_a"]}],"model":"m"}""", "inputs[0]" },
        { """{"inputs":[{"type":"files"},{"type":"sessions","session_ids":["sesn_a"]}],"model":"m"}""", "inputs[0].type" },
        { """{"inputs":[{"type":"memory_store"},{"type":"sessions","session_ids":["sesn_a"]}],"model":"m"}""", "inputs[0].memory_store_id" },
        { """{"inputs":[{"type":"memory_store","memory_store_id":"memstore_a"},{"type":"sessions","session_ids":["sesn_a","sesn_b","sesn_a"]}],"model":"m"}""", "inputs[1].session_ids[2]" },
        { """{"inputs":[{"type":"memory_store","memory_store_id":"memstore_a"},{"type":"sessions","session_ids":"sesn_a"}],"model":"m"}""", "inputs[1].session_ids" },
        { """{"inputs":[{"type":"memory_store","memory_store_id":"memstore_a"},{"type":"sessions","session_ids":[7]}],"model":"m"}""", "inputs[1].session_ids[0]" },
        { """{"inputs":[{"type":"memory_store","memory_store_id":"memstore_a"},{"type":"sessions","session_ids":[]}],"model":"m"}""", "inputs[1].session_ids" },
        { """{"inputs":[{"type":"memory_store","memory_store_id":"memstore_a"},{"type":"sessions","filter":"recent"}],"model":"m"}""", "inputs[1].filter" },
        { """{"inputs":[{"type":"memory_store","memory_store_id":"memstore_a"},{"type":"sessions","filter":{"since":"last tuesday"}}],"model":"m"}""", "inputs[1].filter.since" },
        { """{"inputs":[{"type":"memory_store","memory_store_id":"memstore_a"},{"type":"sessions","session_ids":["sesn_a"]}]}""", "model" },
        { """{"inputs":[{"type":"memory_store","memory_store_id":"memstore_a"},{"type":"sessions","session_ids":["sesn_a"]}],"model":42}""", "model" },
        { """{"inputs":[{"type":"memory_store","memory_store_id":"memstore_a"},{"type":"sessions","session_ids":["sesn_a"]}],"model":["m"]}""", "model" },
        { """{"inputs":[{"type":"memory_store","memory_store_id":"memstore_a"},{"type":"sessions","session_ids":["sesn_a"]}],"model":{"speed":"standard"}}""", "model.id" },
        { """{"inputs":[{"type":"memory_store","memory_store_id":"memstore_a"},{"type":"sessions","session_ids":["sesn_a"]}],"model":"m","instructions":7}""", "instructions" },
        { """{"inputs":[{"type":"memory_store","memory_store_id":"memstore_a"},{"type":"sessions","session_ids":["sesn_a"]}],"model":"m","output_behavior":"create_new"}""", "output_behavior" },
        { """{"inputs":[{"type":"memory_store","memory_store_id":"memstore_a"},{"type":"sessions","session_ids":["sesn_a"]}],"model":"m","output_behavior":{"type":"overwrite"}}""", "output_behavior.type" },
        { """{"inputs":[{"type":"memory_store","memory_store_id":"memstore_a"},{"type":"sessions","session_ids":["sesn_a"]}],"model":"m","output_behavior":{}}""", "output_behavior.type" },
        { """{"inputs":[{"type":"memory_store","memory_store_id":"memstore_a"},{"type":"sessions","session_ids":["sesn_a"]}],"model":"m","output_behavior":{"type":"update_existing"}}""", "output_behavior.memory_store_id" },
        { """[{"type":"memory_store"}]""", "body" },
        { "\"dream\"", "body" },
        { "null", "body" },
        { """{"inputs":[""", "body" },
        { "not json", "body" },
        { "", "body" },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task A_malformed_create_body_is_a_400_naming_the_field_and_creates_nothing(string body, string field)
    {
        using var response = await PostRawAsync("/v1/dreams", body);

        await DreamsSdkTests.AssertHttpErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error", field);
        Assert.Equal(["false"], response.Headers.GetValues("x-should-retry"));
        Assert.Empty(await ListIdsAsync("/v1/dreams?include_archived=true"));
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("page=not-a-token", "page")]
    [InlineData("statuses=asleep", "statuses")]
    [InlineData("statuses[]=pending&statuses[]=asleep", "statuses")]
    [InlineData("include_archived=maybe", "include_archived")]
    [InlineData("created_at[gt]=yesterday", "created_at[gt]")]
    [InlineData("created_at[lt]=2026-13-40", "created_at[lt]")]
    public async Task A_malformed_list_query_is_a_400_naming_the_parameter(string query, string field)
    {
        using var response = await _http.GetAsync($"/v1/dreams?{query}");

        await DreamsSdkTests.AssertHttpErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error", field);
    }

    [Fact]
    public async Task Model_speed_other_than_standard_and_a_store_id_of_the_wrong_kind_are_refused_by_name()
    {
        using var fast = await PostAsync("/v1/dreams", Body(_store, [_session], model: new { id = Model, speed = "fast" }));
        using var notAStore = await PostAsync("/v1/dreams", Body("mem_01notastore", [_session]));
        using var notASession = await PostAsync("/v1/dreams", Body(_store, ["memstore_01notasession"]));

        await DreamsSdkTests.AssertHttpErrorAsync(fast, HttpStatusCode.BadRequest, "invalid_request_error", "model.speed");
        await DreamsSdkTests.AssertHttpErrorAsync(notAStore, HttpStatusCode.BadRequest, "invalid_request_error", "inputs[0].memory_store_id");
        await DreamsSdkTests.AssertHttpErrorAsync(notASession, HttpStatusCode.BadRequest, "invalid_request_error", "inputs[1].session_ids[0]");
    }

    [Fact]
    public async Task Refusals_name_the_inputs_where_the_body_put_them_when_sessions_come_first()
    {
        object[] Swapped(string store, object sessions) => [sessions, new { type = "memory_store", memory_store_id = store }];

        using var unknown = await PostAsync("/v1/dreams", new { inputs = Swapped(_store, new { type = "sessions", session_ids = new[] { _session, "sesn_01unknown" } }), model = Model });
        using var notAStore = await PostAsync("/v1/dreams", new { inputs = Swapped("mem_01notastore", new { type = "sessions", session_ids = new[] { _session } }), model = Model });
        using var badAgent = await PostAsync("/v1/dreams", new { inputs = Swapped(_store, new { type = "sessions", filter = new { agent = "Not An Agent" } }), model = Model });
        using var badAttached = await PostAsync("/v1/dreams", new { inputs = Swapped(_store, new { type = "sessions", filter = new { memory_store_id = "sesn_01x" } }), model = Model });
        using var none = await PostAsync("/v1/dreams", new { inputs = Swapped(_store, new { type = "sessions", filter = new { agent = "nobody" } }), model = Model });
        using var swapped = await PostAsync("/v1/dreams", new { inputs = Swapped(_store, new { type = "sessions", session_ids = new[] { _session } }), model = Model });

        await DreamsSdkTests.AssertHttpErrorAsync(unknown, HttpStatusCode.BadRequest, "invalid_request_error", "inputs[0].session_ids[1]");
        await DreamsSdkTests.AssertHttpErrorAsync(notAStore, HttpStatusCode.BadRequest, "invalid_request_error", "inputs[1].memory_store_id");
        await DreamsSdkTests.AssertHttpErrorAsync(badAgent, HttpStatusCode.BadRequest, "invalid_request_error", "inputs[0].filter.agent");
        await DreamsSdkTests.AssertHttpErrorAsync(badAttached, HttpStatusCode.BadRequest, "invalid_request_error", "inputs[0].filter.memory_store_id");
        await DreamsSdkTests.AssertHttpErrorAsync(none, HttpStatusCode.BadRequest, "invalid_request_error", "inputs[0]");
        Assert.Equal(HttpStatusCode.OK, swapped.StatusCode);
        var dream = await swapped.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["memory_store", "sessions"], dream.GetProperty("inputs").EnumerateArray().Select(i => i.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task More_than_100_session_ids_are_accepted_as_an_extension()
    {
        var sessions = (await DreamSeed.FleetAsync(_server, 120, new HashSet<int>())).ToList();

        using var response = await PostAsync("/v1/dreams", Body(_store, sessions));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var dream = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(120, dream.GetProperty("inputs")[1].GetProperty("session_ids").GetArrayLength());
        Assert.Equal(120, dream.GetProperty("progress").GetProperty("sessions_total").GetInt32());
        Assert.Equal(sessions.Order(StringComparer.Ordinal), await DreamSessionsAsync(dream.GetProperty("id").GetString()!, ordered: true));
    }

    [Fact]
    public async Task The_session_filter_selects_by_since_and_agent_and_unions_with_ids()
    {
        var first = await DreamSeed.SessionAsync(_server, "alpha", DreamSeed.PytestSession(1, fails: false));
        var second = await DreamSeed.SessionAsync(_server, "beta", DreamSeed.PytestSession(2, fails: false));
        var third = await DreamSeed.SessionAsync(_server, "alpha", DreamSeed.PytestSession(3, fails: false));

        var byAgent = await CreateAsync(Sessions(filter: new { agent = "alpha" }));
        var bySince = await CreateAsync(Sessions(filter: new { since = second.CreatedAt }));
        var both = await CreateAsync(Sessions(filter: new { since = second.CreatedAt, agent = "alpha" }));
        var union = await CreateAsync(Sessions([first.Id], new { since = third.CreatedAt }));

        Assert.Equal([first.Id, third.Id], await DreamSessionsAsync(byAgent.GetProperty("id").GetString()!));
        Assert.Equal([second.Id, third.Id], await DreamSessionsAsync(bySince.GetProperty("id").GetString()!));
        Assert.Equal([third.Id], await DreamSessionsAsync(both.GetProperty("id").GetString()!));
        Assert.Equal([first.Id, third.Id], await DreamSessionsAsync(union.GetProperty("id").GetString()!));
        var echoed = byAgent.GetProperty("inputs")[1];
        Assert.Equal("alpha", echoed.GetProperty("filter").GetProperty("agent").GetString());
        Assert.Equal(0, echoed.GetProperty("session_ids").GetArrayLength());
        Assert.Equal(2, byAgent.GetProperty("progress").GetProperty("sessions_total").GetInt32());
        var echoedSince = bySince.GetProperty("inputs")[1].GetProperty("filter").GetProperty("since").GetDateTimeOffset();
        Assert.Equal(second.CreatedAt.UtcTicks / 10, echoedSince.UtcTicks / 10); // times on the wire are to the microsecond
    }

    [Fact]
    public async Task An_empty_filter_selects_every_session_with_a_transcript_the_caller_can_see_and_is_echoed_empty()
    {
        var alpha = await DreamSeed.SessionAsync(_server, "alpha", DreamSeed.PytestSession(1, fails: false));
        var beta = await DreamSeed.SessionAsync(_server, "beta", DreamSeed.PytestSession(2, fails: false));

        var all = await CreateAsync(Sessions(filter: new { }));

        Assert.Equal(
            new[] { _session, alpha.Id, beta.Id }.Order(StringComparer.Ordinal),
            await DreamSessionsAsync(all.GetProperty("id").GetString()!, ordered: true));
        var echoed = all.GetProperty("inputs")[1].GetProperty("filter");
        Assert.Equal(JsonValueKind.Object, echoed.ValueKind);
        Assert.Empty(echoed.EnumerateObject());
    }

    [Fact]
    public async Task The_remote_client_sends_a_selection_of_all_sessions_and_reads_it_back()
    {
        await using var remote = _server.Remote();

        var dream = await remote.CreateDreamAsync(new CreateDreamRequest(_store, new SessionSelection([], All: true), new DreamModel(Model)));

        Assert.True(dream.Selection.All);
        Assert.Equal((null, null, null), (dream.Selection.Since, dream.Selection.Agent, dream.Selection.AttachedStoreId));
        Assert.Equal([_session], await DreamSessionsAsync(dream.Id));
    }

    [Fact]
    public async Task The_estimate_answers_the_dry_run_numbers_and_creates_no_dream()
    {
        var sessions = await DreamSeed.FleetAsync(_server, 12, new HashSet<int>(Enumerable.Range(1, 10)));

        using var response = await PostAsync("/v1/engram/dreams/estimate", Body(_store, sessions));
        using var invalid = await PostAsync("/v1/engram/dreams/estimate", Body(_store, sessions, instructions: ""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var estimate = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(12, estimate.GetProperty("sessions").GetInt32());
        Assert.Equal((10 * 5) + (2 * 3), estimate.GetProperty("events").GetInt64());
        Assert.Equal(10, estimate.GetProperty("sessions_with_signals").GetInt32());
        Assert.False(estimate.GetProperty("uses_model").GetBoolean()); // no model client configured: the rule-based analyzers alone
        Assert.Equal(0, estimate.GetProperty("batches").GetInt32());
        Assert.Equal(0, estimate.GetProperty("estimated_input_tokens").GetInt64());
        Assert.True(estimate.GetProperty("token_budget").GetInt64() > 0);
        Assert.True(!estimate.TryGetProperty("estimated_cost_usd", out var cost) || cost.ValueKind == JsonValueKind.Null);
        await DreamsSdkTests.AssertHttpErrorAsync(invalid, HttpStatusCode.BadRequest, "invalid_request_error", "instructions");
        Assert.Empty(await ListIdsAsync("/v1/dreams?include_archived=true"));
    }

    [Fact]
    public async Task The_remote_client_creates_follows_to_the_end_and_lists_dreams_with_progress()
    {
        await using var server = await TestServer.StartAsync(new ServerOptions { RateLimitPerSecond = 0 });
        await using var remote = server.Remote();
        var store = (await remote.CreateStoreAsync(new CreateStoreRequest("team"))).Id;
        var sessions = await DreamSeed.FleetAsync(server, 20, new HashSet<int> { 2, 5, 6, 9, 13, 17, 20 });
        var seen = new List<Dream>();

        var estimate = await remote.EstimateDreamAsync(new CreateDreamRequest(store, new SessionSelection(sessions), new DreamModel(Model)));
        var created = await remote.CreateDreamAsync(new CreateDreamRequest(store, new SessionSelection(sessions), new DreamModel(Model), "look for tool trouble"));
        var done = await remote.RunDreamAsync(created.Id, new Collector(seen));
        var listed = await remote.ListDreamsAsync(new DreamListQuery(Statuses: [DreamStatus.Completed]));
        var none = await remote.ListDreamsAsync(new DreamListQuery(Statuses: [DreamStatus.Pending, DreamStatus.Running]));

        Assert.Equal(20, estimate.Sessions);
        Assert.Equal(DreamStatus.Pending, created.Status);
        Assert.Equal(20, created.Progress.SessionsTotal);
        Assert.Equal("look for tool trouble", created.Instructions);
        Assert.Equal(server.AdminUserId, created.CreatedBy.Id);
        Assert.Equal(DreamStatus.Completed, done.Status);
        Assert.Equal(new DreamProgress("done", 20, 20, 1), done.Progress);
        Assert.NotNull(done.OutputStoreId);
        Assert.NotNull(done.EndedAt);
        Assert.NotEmpty(seen);
        Assert.Equal(DreamStatus.Completed, seen[^1].Status);
        var shown = Assert.Single(listed.Data);
        Assert.Equal((created.Id, done.Progress, done.OutputStoreId), (shown.Id, shown.Progress, shown.OutputStoreId));
        Assert.Equal(sessions.Order(StringComparer.Ordinal), shown.Selection.SessionIds);
        Assert.Empty(none.Data);

        var archived = await remote.ArchiveDreamAsync(created.Id);
        Assert.NotNull(archived.ArchivedAt);
        Assert.Empty((await remote.ListDreamsAsync(new DreamListQuery())).Data);
    }

    [Fact]
    public async Task The_remote_client_sends_the_filter_and_update_existing_and_reads_them_back()
    {
        await using var remote = _server.Remote();
        var since = DateTimeOffset.UtcNow.AddDays(-1);

        var dream = await remote.CreateDreamAsync(new CreateDreamRequest(
            _store, new SessionSelection([], since, "agent1"), new DreamModel(Model), OutputBehavior: DreamOutputBehavior.UpdateExisting, UpdateStoreId: _store));
        var held = await Assert.ThrowsAsync<DreamStoreHeldException>(() => remote.CreateDreamAsync(new CreateDreamRequest(
            _store, new SessionSelection([_session]), new DreamModel(Model), OutputBehavior: DreamOutputBehavior.UpdateExisting, UpdateStoreId: _store)));
        var canceled = await remote.CancelDreamAsync(dream.Id);

        Assert.Equal(DreamOutputBehavior.UpdateExisting, dream.OutputBehavior);
        Assert.Equal("agent1", dream.Selection.Agent);
        Assert.Equal(since.UtcTicks / 10 * 10, dream.Selection.Since!.Value.UtcTicks / 10 * 10);
        Assert.Equal([_session], await DreamSessionsAsync(dream.Id));
        Assert.Equal(dream.Id, held.HolderDreamId);
        Assert.Equal(DreamStatus.Canceled, canceled.Status);
    }

    private sealed class Collector(List<Dream> seen) : IProgress<Dream>
    {
        public void Report(Dream value) => seen.Add(value);
    }

    private async Task<JsonElement> CreateAsync(object sessions)
    {
        using var response = await PostAsync("/v1/dreams", new { inputs = new[] { new { type = "memory_store", memory_store_id = _store }, sessions }, model = Model });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static object Sessions(IReadOnlyList<string>? ids = null, object? filter = null) =>
        new Dictionary<string, object?> { ["type"] = "sessions", ["session_ids"] = ids ?? [], ["filter"] = filter };

    private static object Body(string store, IReadOnlyList<string> sessions, object? model = null, string? instructions = null) =>
        new Dictionary<string, object?>
        {
            ["inputs"] = new object[] { new { type = "memory_store", memory_store_id = store }, new { type = "sessions", session_ids = sessions } },
            ["model"] = model ?? Model,
            ["instructions"] = instructions,
        };

    /// <summary>The sessions the dream recorded for reading, in its reading order (or sorted).</summary>
    private async Task<IReadOnlyList<string>> DreamSessionsAsync(string dreamId, bool ordered = false)
    {
        var entries = await _server.Engine.Storage.ListDreamSessionsAsync(dreamId, DreamSessionState.Unanalyzed, -1, 10_000, CancellationToken.None);
        var ids = entries.Select(e => e.SessionId);
        return ordered ? [.. ids.Order(StringComparer.Ordinal)] : [.. ids];
    }

    private async Task<IReadOnlyList<string?>> ListIdsAsync(string url) =>
        [.. (await _http.GetFromJsonAsync<JsonElement>(url)).GetProperty("data").EnumerateArray().Select(d => d.GetProperty("id").GetString())];

    private Task<HttpResponseMessage> PostAsync(string url, object body) => _http.PostAsync(url, JsonContent.Create(body));

    private Task<HttpResponseMessage> PostRawAsync(string url, string body) => _http.PostAsync(url, new StringContent(body, Encoding.UTF8, "application/json"));
}
