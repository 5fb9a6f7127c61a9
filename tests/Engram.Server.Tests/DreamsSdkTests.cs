using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Anthropic;
using Anthropic.Exceptions;
using Anthropic.Models.Beta.Dreams;
using Anthropic.Models.Beta.MemoryStores;
using Anthropic.Models.Beta.MemoryStores.Memories;
using Engram.Access;

namespace Engram.Server.Tests;

/// <summary>
/// The Dreams API through the official Anthropic .NET SDK (<c>client.Beta.Dreams</c>) against the real server:
/// the server's own worker runs the dreams, as in <c>engram serve</c>. Tests that need a dream to stay pending
/// start a second server with <see cref="ServerOptions.RunDreams"/> off. One sealed subclass per backend the servers run on.
/// </summary>
public abstract class DreamsSdkTests : IAsyncLifetime
{
    private const string Model = "claude-sonnet-4-5";
    private static readonly HashSet<int> Pytest = [2, 5, 6, 9, 13, 17, 20];

    private TestServer _server = null!;
    private AnthropicClient _sdk = null!;
    private string _store = null!;

    /// <summary>The storage the servers' engines run on.</summary>
    private protected abstract ServerBackend Backend { get; }

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(new ServerOptions { RateLimitPerSecond = 0 }, Backend);
        _sdk = _server.Sdk();
        _store = (await _sdk.Beta.MemoryStores.Create(new MemoryStoreCreateParams { Name = "team" })).ID;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Create_answers_pending_with_no_outputs_no_usage_the_model_as_an_object_create_new_and_sorted_session_ids()
    {
        await using var held = await HeldServerAsync();
        var sdk = held.Sdk();
        var store = await NewStoreAsync(sdk);
        var sessions = await DreamSeed.FleetAsync(held, 3, new HashSet<int>());
        var given = sessions.Reverse().ToList();

        var dream = await sdk.Beta.Dreams.Create(new DreamCreateParams
        {
            Inputs = [new BetaDreamMemoryStoreInput(store), new BetaDreamSessionsInput(given)],
            Model = Model,
            Instructions = "Focus on test tooling.",
        });

        Assert.StartsWith("drm_", dream.ID, StringComparison.Ordinal);
        Assert.Equal("dream", dream.Type.GetString());
        Assert.Equal(BetaDreamStatus.Pending, dream.Status.Value());
        Assert.Empty(dream.Outputs);
        Assert.Null(dream.EndedAt);
        Assert.Null(dream.ArchivedAt);
        Assert.Null(dream.Error);
        Assert.Null(dream.SessionID);
        Assert.Equal((0, 0, 0, 0), (dream.Usage.InputTokens, dream.Usage.OutputTokens, dream.Usage.CacheCreationInputTokens, dream.Usage.CacheReadInputTokens));
        Assert.Equal(Model, dream.Model.ID);
        Assert.Equal("standard", dream.Model.Speed!.Raw());
        Assert.True(dream.OutputBehavior.TryPickCreateNew(out _));
        Assert.Equal("Focus on test tooling.", dream.Instructions);
        Assert.Equal(2, dream.Inputs.Count);
        Assert.True(dream.Inputs[0].TryPickMemoryStore(out var input));
        Assert.Equal(store, input.MemoryStoreID);
        Assert.True(dream.Inputs[1].TryPickSessions(out var read));
        Assert.NotEqual(given, read.SessionIds);
        Assert.Equal(sessions.Order(StringComparer.Ordinal), read.SessionIds);
        dream.Validate(); // every field the SDK knows has the shape it expects

        var fetched = await sdk.Beta.Dreams.Retrieve(dream.ID, new DreamRetrieveParams());
        Assert.Equal(dream.ID, fetched.ID);
        Assert.Equal(dream.CreatedAt, fetched.CreatedAt);
        Assert.Equal(BetaDreamStatus.Pending, fetched.Status.Value());
    }

    [Fact]
    public async Task The_worker_completes_a_dream_into_a_new_store_and_files_one_proposal_seen_in_7_of_20_sessions()
    {
        await _sdk.Beta.MemoryStores.Memories.Create(_store, new MemoryCreateParams { Path = "/notes.md", Content = "# notes\n" });
        var sessions = await DreamSeed.FleetAsync(_server, 20, Pytest);

        var created = await _sdk.Beta.Dreams.Create(new DreamCreateParams
        {
            Inputs = [new BetaDreamMemoryStoreInput(_store), new BetaDreamSessionsInput(sessions)],
            Model = new BetaDreamModelConfigParam(Model) { Speed = BetaDreamModelConfigParamSpeed.Standard },
        });
        var dream = await WaitForEndAsync(_sdk, created.ID);

        Assert.Equal(BetaDreamStatus.Completed, dream.Status.Value());
        Assert.NotNull(dream.EndedAt);
        Assert.True(dream.EndedAt >= dream.CreatedAt);
        Assert.Null(dream.Error);
        var output = Assert.Single(dream.Outputs);
        Assert.Equal("memory_store", output.Type.GetString());
        Assert.NotEqual(_store, output.MemoryStoreID);
        var copy = await _sdk.Beta.MemoryStores.Retrieve(output.MemoryStoreID, new MemoryStoreRetrieveParams());
        Assert.Equal(output.MemoryStoreID, copy.ID);
        var copied = await _sdk.Beta.MemoryStores.Memories.List(output.MemoryStoreID, new MemoryListParams());
        Assert.Contains(copied.Items, m => m.Path == "/notes.md");
        dream.Validate();

        using var http = _server.Http();
        var proposals = await http.GetFromJsonAsync<JsonElement>($"/v1/memory_stores/{_store}/proposals?dream_id={dream.ID}");
        var proposal = Assert.Single(proposals.GetProperty("data").EnumerateArray());
        Assert.Equal(dream.ID, proposal.GetProperty("dream_id").GetString());
        var statistics = proposal.GetProperty("origin").GetProperty("statistics");
        Assert.Equal(7, statistics.GetProperty("sessions").GetInt32());
        Assert.Equal(20, statistics.GetProperty("sessions_read").GetInt32());
        var evidence = proposal.GetProperty("origin").GetProperty("evidence").EnumerateArray().Select(e => e.GetProperty("session_id").GetString()).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(Pytest.Select(n => sessions[n - 1]).Order(StringComparer.Ordinal), evidence);

        var raw = await http.GetFromJsonAsync<JsonElement>($"/v1/dreams/{dream.ID}");
        var progress = raw.GetProperty("progress");
        Assert.Equal(("done", 20, 20, 1), (progress.GetProperty("stage").GetString(), progress.GetProperty("sessions_total").GetInt32(),
            progress.GetProperty("sessions_analyzed").GetInt32(), progress.GetProperty("proposals").GetInt32()));
    }

    [Fact]
    public async Task List_is_newest_first_and_filters_by_statuses_sent_as_the_sdk_repeats_them_and_by_created_at()
    {
        await using var held = await HeldServerAsync();
        var sdk = held.Sdk();
        var store = await NewStoreAsync(sdk);
        var sessions = await DreamSeed.FleetAsync(held, 1, new HashSet<int>());
        var first = await CreateAsync(sdk, store, sessions);
        var second = await CreateAsync(sdk, store, sessions);
        var third = await CreateAsync(sdk, store, sessions);
        await sdk.Beta.Dreams.Cancel(second.ID, new DreamCancelParams());

        Assert.Equal([third.ID, second.ID, first.ID], (await sdk.Beta.Dreams.List(new DreamListParams())).Items.Select(d => d.ID));
        Assert.Equal([second.ID], (await sdk.Beta.Dreams.List(new DreamListParams { Statuses = [BetaDreamStatus.Canceled] })).Items.Select(d => d.ID));
        Assert.Equal([third.ID, first.ID], (await sdk.Beta.Dreams.List(new DreamListParams { Statuses = [BetaDreamStatus.Pending] })).Items.Select(d => d.ID));
        Assert.Equal(
            [third.ID, second.ID, first.ID],
            (await sdk.Beta.Dreams.List(new DreamListParams { Statuses = [BetaDreamStatus.Pending, BetaDreamStatus.Canceled] })).Items.Select(d => d.ID));
        Assert.Empty((await sdk.Beta.Dreams.List(new DreamListParams { Statuses = [BetaDreamStatus.Completed, BetaDreamStatus.Failed] })).Items);

        Assert.Equal([third.ID, second.ID], (await sdk.Beta.Dreams.List(new DreamListParams { CreatedAtGt = first.CreatedAt })).Items.Select(d => d.ID));
        Assert.Equal([second.ID, first.ID], (await sdk.Beta.Dreams.List(new DreamListParams { CreatedAtLt = third.CreatedAt })).Items.Select(d => d.ID));
        Assert.Equal([second.ID], (await sdk.Beta.Dreams.List(new DreamListParams { CreatedAtGt = first.CreatedAt, CreatedAtLt = third.CreatedAt })).Items.Select(d => d.ID));

        // The SDK sends statuses[]=a&statuses[]=b; a plain client repeating statuses=a&statuses=b gets the same answer.
        using var http = held.Http();
        var plain = await http.GetFromJsonAsync<JsonElement>("/v1/dreams?statuses=canceled&statuses=completed");
        Assert.Equal([second.ID], plain.GetProperty("data").EnumerateArray().Select(d => d.GetProperty("id").GetString()));
        using var bad = await http.GetAsync("/v1/dreams?statuses[]=sleeping");
        await AssertHttpErrorAsync(bad, HttpStatusCode.BadRequest, "invalid_request_error", "statuses");
    }

    [Fact]
    public async Task List_pages_with_limit_and_next_page_until_the_last()
    {
        await using var held = await HeldServerAsync();
        var sdk = held.Sdk();
        var store = await NewStoreAsync(sdk);
        var sessions = await DreamSeed.FleetAsync(held, 1, new HashSet<int>());
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await CreateAsync(sdk, store, sessions)).ID);
        }

        var page = await sdk.Beta.Dreams.List(new DreamListParams { Limit = 2 });
        var seen = new List<string>(page.Items.Select(d => d.ID));
        var pages = 1;
        Assert.Equal(2, page.Items.Count);
        while (page.HasNext())
        {
            page = await page.Next();
            pages++;
            seen.AddRange(page.Items.Select(d => d.ID));
        }

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Reverse(ids), seen);
        var tooMany = await Assert.ThrowsAsync<AnthropicBadRequestException>(() => sdk.Beta.Dreams.List(new DreamListParams { Limit = 101 }));
        SdkConformanceTests.AssertError(tooMany, HttpStatusCode.BadRequest, "invalid_request_error", "limit");
    }

    [Fact]
    public async Task Archive_hides_a_finished_dream_from_the_default_list_and_include_archived_shows_it()
    {
        var sessions = await DreamSeed.FleetAsync(_server, 2, new HashSet<int>());
        var kept = await WaitForEndAsync(_sdk, (await CreateAsync(_sdk, _store, sessions)).ID);
        var finished = await WaitForEndAsync(_sdk, (await CreateAsync(_sdk, _store, sessions)).ID);
        Assert.Equal(BetaDreamStatus.Completed, finished.Status.Value());

        var archived = await _sdk.Beta.Dreams.Archive(finished.ID, new DreamArchiveParams());
        var again = await _sdk.Beta.Dreams.Archive(finished.ID, new DreamArchiveParams());

        Assert.NotNull(archived.ArchivedAt);
        Assert.Equal(BetaDreamStatus.Completed, archived.Status.Value());
        Assert.Equal(archived.ArchivedAt, again.ArchivedAt); // archiving an archived dream returns it unchanged
        Assert.Equal([kept.ID], (await _sdk.Beta.Dreams.List(new DreamListParams())).Items.Select(d => d.ID));
        Assert.Equal([finished.ID, kept.ID], (await _sdk.Beta.Dreams.List(new DreamListParams { IncludeArchived = true })).Items.Select(d => d.ID));
        Assert.Equal(archived.ArchivedAt, (await _sdk.Beta.Dreams.Retrieve(finished.ID, new DreamRetrieveParams())).ArchivedAt);
    }

    [Fact]
    public async Task Cancel_ends_a_pending_dream_canceled_and_archiving_a_pending_dream_is_a_400()
    {
        await using var held = await HeldServerAsync();
        var sdk = held.Sdk();
        var store = await NewStoreAsync(sdk);
        var dream = await CreateAsync(sdk, store, await DreamSeed.FleetAsync(held, 1, new HashSet<int>()));

        var early = await Assert.ThrowsAsync<AnthropicBadRequestException>(() => sdk.Beta.Dreams.Archive(dream.ID, new DreamArchiveParams()));
        var canceled = await sdk.Beta.Dreams.Cancel(dream.ID, new DreamCancelParams());

        SdkConformanceTests.AssertError(early, HttpStatusCode.BadRequest, "invalid_request_error");
        Assert.Equal(BetaDreamStatus.Canceled, canceled.Status.Value());
        Assert.NotNull(canceled.EndedAt);
        Assert.Empty(canceled.Outputs);
        Assert.Equal(BetaDreamStatus.Canceled, (await sdk.Beta.Dreams.Retrieve(dream.ID, new DreamRetrieveParams())).Status.Value());
        Assert.NotNull((await sdk.Beta.Dreams.Archive(dream.ID, new DreamArchiveParams())).ArchivedAt);
    }

    [Fact]
    public async Task Canceling_a_completed_dream_is_a_400_and_leaves_it_completed()
    {
        var dream = await WaitForEndAsync(_sdk, (await CreateAsync(_sdk, _store, await DreamSeed.FleetAsync(_server, 1, new HashSet<int>()))).ID);
        Assert.Equal(BetaDreamStatus.Completed, dream.Status.Value());

        var refused = await Assert.ThrowsAsync<AnthropicBadRequestException>(() => _sdk.Beta.Dreams.Cancel(dream.ID, new DreamCancelParams()));

        SdkConformanceTests.AssertError(refused, HttpStatusCode.BadRequest, "invalid_request_error");
        var after = await _sdk.Beta.Dreams.Retrieve(dream.ID, new DreamRetrieveParams());
        Assert.Equal(BetaDreamStatus.Completed, after.Status.Value());
        Assert.Equal(dream.EndedAt, after.EndedAt);
    }

    [Fact]
    public async Task Canceling_a_canceled_dream_returns_it_unchanged()
    {
        await using var held = await HeldServerAsync();
        var sdk = held.Sdk();
        var store = await NewStoreAsync(sdk);
        var dream = await CreateAsync(sdk, store, await DreamSeed.FleetAsync(held, 1, new HashSet<int>()));
        var canceled = await sdk.Beta.Dreams.Cancel(dream.ID, new DreamCancelParams());

        var again = await sdk.Beta.Dreams.Cancel(dream.ID, new DreamCancelParams());

        Assert.Equal(BetaDreamStatus.Canceled, again.Status.Value());
        Assert.Equal(canceled.EndedAt, again.EndedAt);
    }

    [Fact]
    public async Task A_dream_whose_store_was_deleted_before_it_ran_fails_with_an_error_the_sdk_reads_and_cannot_be_canceled()
    {
        await using var held = await HeldServerAsync();
        var sdk = held.Sdk();
        var store = await NewStoreAsync(sdk);
        var dream = await CreateAsync(sdk, store, await DreamSeed.FleetAsync(held, 2, new HashSet<int> { 1 }));
        await sdk.Beta.MemoryStores.Delete(store, new MemoryStoreDeleteParams());

        await held.Engine.DreamRunner.RunAsync(dream.ID, null, CancellationToken.None);
        var failed = await sdk.Beta.Dreams.Retrieve(dream.ID, new DreamRetrieveParams());

        Assert.Equal(BetaDreamStatus.Failed, failed.Status.Value());
        Assert.NotNull(failed.EndedAt);
        Assert.Empty(failed.Outputs);
        Assert.Equal("invalid_request_error", failed.Error!.Type);
        Assert.Contains(store, failed.Error.Message, StringComparison.Ordinal);
        failed.Validate();
        var refused = await Assert.ThrowsAsync<AnthropicBadRequestException>(() => sdk.Beta.Dreams.Cancel(dream.ID, new DreamCancelParams()));
        SdkConformanceTests.AssertError(refused, HttpStatusCode.BadRequest, "invalid_request_error");
    }

    [Fact]
    public async Task Update_existing_on_a_store_another_pending_update_holds_is_a_409_conflict_the_sdk_does_not_retry()
    {
        await using var held = await HeldServerAsync();
        var store = await NewStoreAsync(held.Sdk());
        var sessions = await DreamSeed.FleetAsync(held, 1, new HashSet<int>());
        var counter = new CountingHandler();
        using var httpClient = new HttpClient(counter);
        var retrying = new AnthropicClient { BaseUrl = held.Url, ApiKey = held.Admin.Secret, MaxRetries = 2, HttpClient = httpClient };
        var holder = await CreateAsync(retrying, store, sessions, new BetaOutputBehaviorUpdateExisting(store));
        counter.Reset();

        var conflict = await Assert.ThrowsAsync<AnthropicConflictException>(() => CreateAsync(retrying, store, sessions, new BetaOutputBehaviorUpdateExisting(store)));

        Assert.Equal(1, counter.Requests); // x-should-retry: false, so the SDK (which retries 409s) sent it once
        var error = SdkConformanceTests.AssertError(conflict, HttpStatusCode.Conflict, "conflict_error", "output_behavior.memory_store_id");
        Assert.Contains(holder.ID, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.True(JsonSerializer.Deserialize<BetaDreamingError>(error)!.TryPickTargetStoreHeld(out var storeHeld)); // the SDK reads it as its store-held error
        Assert.Contains(holder.ID, storeHeld.Message, StringComparison.Ordinal);

        using var http = held.Http();
        using var raw = await http.PostAsync("/v1/dreams", JsonContent.Create(new
        {
            inputs = new object[] { new { type = "memory_store", memory_store_id = store }, new { type = "sessions", session_ids = sessions } },
            model = Model,
            output_behavior = new { type = "update_existing", memory_store_id = store },
        }));
        Assert.Equal(HttpStatusCode.Conflict, raw.StatusCode);
        Assert.Equal(["false"], raw.Headers.GetValues("x-should-retry"));

        var alongside = await CreateAsync(retrying, store, sessions);
        Assert.Equal(BetaDreamStatus.Pending, alongside.Status.Value());
        await retrying.Beta.Dreams.Cancel(holder.ID, new DreamCancelParams());
        var after = await CreateAsync(retrying, store, sessions, new BetaOutputBehaviorUpdateExisting(store));
        Assert.True(after.OutputBehavior.TryPickUpdateExisting(out var behavior));
        Assert.Equal(store, behavior.MemoryStoreID);
    }

    [Fact]
    public async Task Update_existing_naming_another_store_than_the_input_is_a_400_naming_output_behavior_memory_store_id()
    {
        var other = await NewStoreAsync(_sdk);
        var sessions = await DreamSeed.FleetAsync(_server, 1, new HashSet<int>());

        var refused = await Assert.ThrowsAsync<AnthropicBadRequestException>(() => CreateAsync(_sdk, _store, sessions, new BetaOutputBehaviorUpdateExisting(other)));

        SdkConformanceTests.AssertError(refused, HttpStatusCode.BadRequest, "invalid_request_error", "output_behavior.memory_store_id");
        Assert.Empty((await _sdk.Beta.Dreams.List(new DreamListParams { IncludeArchived = true })).Items);
    }

    [Fact]
    public async Task Instructions_of_4097_characters_are_a_400_naming_instructions_and_4096_are_accepted()
    {
        var sessions = await DreamSeed.FleetAsync(_server, 1, new HashSet<int>());

        var refused = await Assert.ThrowsAsync<AnthropicBadRequestException>(() => _sdk.Beta.Dreams.Create(new DreamCreateParams
        {
            Inputs = [new BetaDreamMemoryStoreInput(_store), new BetaDreamSessionsInput(sessions)],
            Model = Model,
            Instructions = new string('a', 4_097),
        }));
        var accepted = await _sdk.Beta.Dreams.Create(new DreamCreateParams
        {
            Inputs = [new BetaDreamMemoryStoreInput(_store), new BetaDreamSessionsInput(sessions)],
            Model = Model,
            Instructions = new string('a', 4_096),
        });

        SdkConformanceTests.AssertError(refused, HttpStatusCode.BadRequest, "invalid_request_error", "instructions");
        Assert.Equal(4_096, accepted.Instructions!.Length);
    }

    [Fact]
    public async Task An_unknown_session_id_is_a_400_naming_its_place_in_the_sessions_input()
    {
        var sessions = await DreamSeed.FleetAsync(_server, 1, new HashSet<int>());

        var refused = await Assert.ThrowsAsync<AnthropicBadRequestException>(() =>
            CreateAsync(_sdk, _store, [sessions[0], "sesn_01AAAAAAAAAAAAAAAAAAAAAAAA"]));
        var missingStore = await Assert.ThrowsAsync<AnthropicNotFoundException>(() => CreateAsync(_sdk, "memstore_01AAAAAAAAAAAAAAAAAAAAAAAA", sessions));

        var error = SdkConformanceTests.AssertError(refused, HttpStatusCode.BadRequest, "invalid_request_error", "inputs[1].session_ids[1]");
        Assert.Contains("sesn_01AAAAAAAAAAAAAAAAAAAAAAAA", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        SdkConformanceTests.AssertError(missingStore, HttpStatusCode.NotFound, "not_found_error");
    }

    [Fact]
    public async Task A_dream_the_admin_created_does_not_exist_for_a_member_in_retrieve_cancel_archive_or_list()
    {
        await using var held = await HeldServerAsync();
        var sdk = held.Sdk();
        var store = await NewStoreAsync(sdk);
        var dream = await CreateAsync(sdk, store, await DreamSeed.FleetAsync(held, 1, new HashSet<int>()));
        var (_, key) = await held.NewPrincipalAsync(PrincipalKind.User, name: "member");
        var member = held.Sdk(key.Secret);

        var retrieve = await Assert.ThrowsAsync<AnthropicNotFoundException>(() => member.Beta.Dreams.Retrieve(dream.ID, new DreamRetrieveParams()));
        var cancel = await Assert.ThrowsAsync<AnthropicNotFoundException>(() => member.Beta.Dreams.Cancel(dream.ID, new DreamCancelParams()));
        var archive = await Assert.ThrowsAsync<AnthropicNotFoundException>(() => member.Beta.Dreams.Archive(dream.ID, new DreamArchiveParams()));
        var listed = await member.Beta.Dreams.List(new DreamListParams { IncludeArchived = true });

        SdkConformanceTests.AssertError(retrieve, HttpStatusCode.NotFound, "not_found_error");
        SdkConformanceTests.AssertError(cancel, HttpStatusCode.NotFound, "not_found_error");
        SdkConformanceTests.AssertError(archive, HttpStatusCode.NotFound, "not_found_error");
        Assert.Empty(listed.Items);
        Assert.Equal(BetaDreamStatus.Pending, (await sdk.Beta.Dreams.Retrieve(dream.ID, new DreamRetrieveParams())).Status.Value());
        Assert.Equal([dream.ID], (await sdk.Beta.Dreams.List(new DreamListParams())).Items.Select(d => d.ID));
    }

    [Fact]
    public async Task An_unknown_dream_id_is_a_404()
    {
        var missing = await Assert.ThrowsAsync<AnthropicNotFoundException>(() => _sdk.Beta.Dreams.Retrieve("drm_01AAAAAAAAAAAAAAAAAAAAAAAA", new DreamRetrieveParams()));
        SdkConformanceTests.AssertError(missing, HttpStatusCode.NotFound, "not_found_error");
    }

    /// <summary>A server whose dreams stay pending: no worker runs them.</summary>
    private Task<TestServer> HeldServerAsync() => TestServer.StartAsync(new ServerOptions { RateLimitPerSecond = 0, RunDreams = false }, Backend);

    private static async Task<string> NewStoreAsync(AnthropicClient sdk) => (await sdk.Beta.MemoryStores.Create(new MemoryStoreCreateParams { Name = "dreams" })).ID;

    private static Task<BetaDream> CreateAsync(AnthropicClient sdk, string store, IReadOnlyList<string> sessions, BetaOutputBehavior? output = null) =>
        sdk.Beta.Dreams.Create(new DreamCreateParams
        {
            Inputs = [new BetaDreamMemoryStoreInput(store), new BetaDreamSessionsInput(sessions)],
            Model = Model,
            OutputBehavior = output,
        });

    /// <summary>Polls until the server's worker ends the dream; the deadline only stops a broken run from hanging the suite.</summary>
    internal static async Task<BetaDream> WaitForEndAsync(AnthropicClient sdk, string dreamId)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (true)
        {
            var dream = await sdk.Beta.Dreams.Retrieve(dreamId, new DreamRetrieveParams(), deadline.Token);
            if (dream.Status.Value() is BetaDreamStatus.Completed or BetaDreamStatus.Failed or BetaDreamStatus.Canceled)
            {
                return dream;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), deadline.Token);
        }
    }

    /// <summary>Checks a plain HTTP error answer: status, compatible error body, type, and the field the message names.</summary>
    internal static async Task<JsonElement> AssertHttpErrorAsync(HttpResponseMessage response, HttpStatusCode status, string type, string? field = null)
    {
        Assert.Equal(status, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("error", body.GetProperty("type").GetString());
        var error = body.GetProperty("error");
        Assert.Equal(type, error.GetProperty("type").GetString());
        if (field is not null)
        {
            Assert.StartsWith(field + ": ", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        return error;
    }

    /// <summary>Counts the requests the SDK actually sends, retries included.</summary>
    private sealed class CountingHandler() : DelegatingHandler(new HttpClientHandler())
    {
        private int _requests;

        public int Requests => Volatile.Read(ref _requests);

        public void Reset() => Interlocked.Exchange(ref _requests, 0);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _requests);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
