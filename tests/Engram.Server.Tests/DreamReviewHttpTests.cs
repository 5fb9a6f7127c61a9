using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Engram.Access;
using Engram.Dreaming.Findings;
using Engram.Memories;
using Engram.Remote;
using Engram.Review;

namespace Engram.Server.Tests;

/// <summary>Dream proposals over HTTP: provenance on proposals and versions, merge offers and accept with merge, reverting a dream.</summary>
public sealed class DreamReviewHttpTests : IAsyncLifetime
{
    private const string Dream = "drm_01httpreview000000000000";

    private TestServer _server = null!;
    private HttpClient _http = null!;
    private RemoteEngramClient _remote = null!;
    private string _store = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(new ServerOptions { RateLimitPerSecond = 0 });
        _http = _server.Http();
        _remote = _server.Remote();
        _store = (await _remote.CreateStoreAsync(new CreateStoreRequest("dreamt"))).Id;
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _remote.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Proposal_and_version_objects_carry_the_dream_its_origin_and_the_evidence_sessions()
    {
        var memory = (await _remote.CreateMemoryAsync(_store, new CreateMemoryRequest("/tools.md", "# Tools\n"))).Value;
        var proposal = await FileAsync(memory, "# Tools\n- run python -m pytest\n");
        var plain = (await _remote.CreateMemoryAsync(_store, new CreateMemoryRequest("/plain.md", "by hand\n"))).Value;

        var shown = await _http.GetFromJsonAsync<JsonElement>($"/v1/memory_stores/{_store}/proposals/{proposal.Id}");
        var byDream = await _http.GetFromJsonAsync<JsonElement>($"/v1/memory_stores/{_store}/proposals?status=pending&dream_id={Dream}");
        var byOther = await _http.GetFromJsonAsync<JsonElement>($"/v1/memory_stores/{_store}/proposals?dream_id=drm_01someoneelse0000000000000");
        using var accept = await _http.PostAsJsonAsync($"/v1/memory_stores/{_store}/proposals/{proposal.Id}/accept", new { note = "ok" });
        var applied = await accept.Content.ReadFromJsonAsync<JsonElement>();
        var version = await _http.GetFromJsonAsync<JsonElement>($"/v1/memory_stores/{_store}/memory_versions/{applied.GetProperty("applied_version_id").GetString()}");
        var byHand = await _http.GetFromJsonAsync<JsonElement>($"/v1/memory_stores/{_store}/memory_versions/{plain.MemoryVersionId}");
        var throughSdk = (await _remote.ListVersionsAsync(_store, new VersionListQuery(memory.Id))).Data[0];

        Assert.Equal(Dream, shown.GetProperty("dream_id").GetString());
        var origin = shown.GetProperty("origin");
        Assert.Equal("recovered_failure", origin.GetProperty("kind").GetString());
        Assert.Equal(20, origin.GetProperty("statistics").GetProperty("sessions_read").GetInt32());
        Assert.Equal(2, origin.GetProperty("statistics").GetProperty("counter_examples").GetInt32());
        Assert.Equal(3, origin.GetProperty("statistics").GetProperty("agents").GetArrayLength());
        Assert.Equal("2025-03-01T09:00:00.000000Z", origin.GetProperty("statistics").GetProperty("first_seen").GetString());
        var evidence = origin.GetProperty("evidence")[0];
        Assert.Equal(("sesn_one", 12, "pytest: command not found"), (evidence.GetProperty("session_id").GetString(), evidence.GetProperty("event_index").GetInt64(), evidence.GetProperty("quote").GetString()));
        Assert.True(origin.GetProperty("untrusted").GetBoolean());
        Assert.Equal(0, origin.GetProperty("retires").GetArrayLength());
        Assert.Equal(proposal.Id, Assert.Single(byDream.GetProperty("data").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(0, byOther.GetProperty("data").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, accept.StatusCode);
        Assert.Equal(Dream, version.GetProperty("dream_id").GetString());
        Assert.Equal(["sesn_one", "sesn_two"], version.GetProperty("evidence_session_ids").EnumerateArray().Select(e => e.GetString()));
        Assert.False(byHand.TryGetProperty("dream_id", out _));
        Assert.False(byHand.TryGetProperty("evidence_session_ids", out _));
        Assert.Equal(Dream, throughSdk.DreamId);
        Assert.Equal(["sesn_one", "sesn_two"], throughSdk.EvidenceSessionIds);
    }

    [Fact]
    public async Task A_moved_base_offers_a_merge_over_http_and_accept_with_merge_applies_it()
    {
        var memory = (await _remote.CreateMemoryAsync(_store, new CreateMemoryRequest("/tools.md", "# Tools\n"))).Value;
        var second = await FileAsync(memory, "# Tools\n- two\n");
        await _remote.UpdateMemoryAsync(_store, memory.Id, new UpdateMemoryRequest("# Tools\n- one\n")); // someone else moves the base

        var conflicted = await _remote.AcceptProposalAsync(_store, second.Id);
        var shown = await _http.GetFromJsonAsync<JsonElement>($"/v1/memory_stores/{_store}/proposals/{second.Id}");
        var review = await _remote.GetProposalAsync(_store, second.Id);
        using var accept = await _http.PostAsJsonAsync(
            $"/v1/memory_stores/{_store}/proposals/{second.Id}/accept", new { merge = true, expected_content_sha256 = shown.GetProperty("merge").GetProperty("current_content_sha256").GetString() });
        var merged = await accept.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(ProposalStatus.Conflicted, conflicted.Status);
        Assert.Equal("# Tools\n- one\n- two\n", shown.GetProperty("merge").GetProperty("content").GetString());
        Assert.Contains("+- two", shown.GetProperty("merge").GetProperty("diff").GetString(), StringComparison.Ordinal);
        Assert.Equal(review.Merge?.ContentSha256, shown.GetProperty("merge").GetProperty("content_sha256").GetString());
        Assert.Equal(HttpStatusCode.OK, accept.StatusCode);
        Assert.Equal("applied", merged.GetProperty("status").GetString());
        Assert.Equal("# Tools\n- one\n- two\n", (await _remote.GetMemoryAsync(_store, memory.Id)).Content);
    }

    [Fact]
    public async Task Reverting_a_dream_over_http_undoes_its_changes_and_an_unknown_or_invisible_dream_is_not_found()
    {
        var memory = (await _remote.CreateMemoryAsync(_store, new CreateMemoryRequest("/tools.md", "# Tools\n"))).Value;
        var proposal = await FileAsync(memory, "# Tools\n- one\n");
        await _remote.AcceptProposalAsync(_store, proposal.Id);
        var elsewhere = await _remote.CreateStoreAsync(new CreateStoreRequest("elsewhere"));
        var outsider = await _remote.RegisterSessionAsync(new RegisterSessionRequest("outsider", Stores: [new SessionAttachment(elsewhere.Id, AttachmentAccess.ReadWrite, "")]));
        using var outsiderHttp = _server.Http(outsider.Token);

        using var hidden = await outsiderHttp.PostAsync($"/v1/engram/dreams/{Dream}/revert", null);
        using var unknown = await _http.PostAsync("/v1/engram/dreams/drm_01unknown0000000000000000/revert", null);
        using var response = await _http.PostAsync($"/v1/engram/dreams/{Dream}/revert", null);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var again = await _remote.RevertDreamAsync(Dream);

        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("dream_revert", body.GetProperty("type").GetString());
        Assert.Equal(proposal.AppliedVersionId ?? (await _remote.GetProposalAsync(_store, proposal.Id)).Proposal.AppliedVersionId,
            Assert.Single(body.GetProperty("reverted").EnumerateArray()).GetProperty("memory_version_id").GetString());
        Assert.Equal("# Tools\n", (await _remote.GetMemoryAsync(_store, memory.Id)).Content);
        Assert.Empty(again.Reverted);
        Assert.Equal("already reverted", Assert.Single(again.Skipped).Reason);
    }

    private Task<Proposal> FileAsync(Memory memory, string content)
    {
        var origin = new DreamOrigin(
            "recovered_failure", "pytest-not-on-path", "pytest is not on PATH",
            new ProposalStatistics(7, 20, ["a", "b", "c"], new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 3, 9, 9, 0, 0, TimeSpan.Zero), 2),
            [new PatternEvidence("sesn_one", 12, "pytest: command not found"), new PatternEvidence("sesn_two", 3, "pytest: command not found")],
            Untrusted: true, []);
        var proposal = new Proposal(
            _server.Engine.Ids.NewId("prop"), _store, memory.Id, ProposalOperation.Modify, memory.Path, null, memory.ContentSha256, MemoryContent.Sha256(content), content,
            "seen in 7 of 20 sessions", Actor.User(_server.AdminUserId), ProposalStatus.Pending, _server.Engine.Time.GetUtcNow())
        {
            DreamId = Dream,
            Origin = origin,
        };
        return _server.Engine.Storage.WriteAsync(tx =>
        {
            tx.SaveContent(proposal.ContentSha256!, content);
            tx.InsertProposal(proposal);
            return proposal;
        }, CancellationToken.None);
    }
}
