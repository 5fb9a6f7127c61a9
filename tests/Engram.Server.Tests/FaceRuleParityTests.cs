using System.Net;
using System.Text.Json;
using Engram.Access;
using Engram.Client;
using Engram.Dreaming.Dreams;
using Engram.Errors;
using Engram.Memories;
using Engram.Review;
using Engram.Web.Review;

namespace Engram.Server.Tests;

/// <summary>
/// Rules that faces used to check each in their own way now live once in the library: the library in process, the
/// server (through the remote client and raw HTTP) and the review UI give the same answer, field and rule alike.
/// </summary>
public sealed class FaceRuleParityTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private IEngramClient _local = null!;
    private IEngramClient _remote = null!;
    private string _store = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(new ServerOptions { RateLimitPerSecond = 0 });
        _local = new LocalEngramClient(_server.Engine, Caller.LocalOperator(_server.AdminUserId));
        _remote = _server.Remote();
        _store = (await _local.CreateStoreAsync(new CreateStoreRequest("parity"))).Id;
    }

    public async Task DisposeAsync()
    {
        await _remote.DisposeAsync();
        await _local.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_repeated_session_id_is_refused_by_every_face_with_the_same_field_and_rule()
    {
        const string Session = "sesn_01repeated000000000000000";
        var request = new CreateDreamRequest(_store, new SessionSelection([Session, Session]), new DreamModel("rules"));

        var answers = await AnswersAsync(client => client.CreateDreamAsync(request));
        var estimates = await AnswersAsync(client => client.EstimateDreamAsync(request));

        Assert.All(answers.Concat(estimates), answer => Assert.Equal(("inputs[1].session_ids[1]", $"repeats {Session}; list each session once"), answer));
    }

    [Fact]
    public async Task A_dream_choosing_no_sessions_is_refused_by_every_face_with_the_same_field_and_rule()
    {
        var request = new CreateDreamRequest(_store, new SessionSelection([]), new DreamModel("rules"));

        var answers = await AnswersAsync(client => client.CreateDreamAsync(request));
        using var http = _server.Http();
        using var raw = await http.PostAsync("/v1/dreams", new StringContent(
            $$"""{"inputs": [{"type": "memory_store", "memory_store_id": "{{_store}}"}, {"type": "sessions", "session_ids": []}], "model": "rules"}""",
            System.Text.Encoding.UTF8, "application/json"));
        using var body = JsonDocument.Parse(await raw.Content.ReadAsStringAsync());
        var error = body.RootElement.GetProperty("error");

        Assert.All(answers, answer => Assert.Equal(answers[0], answer));
        Assert.Equal("inputs[1].session_ids", answers[0].Field);
        Assert.Equal(HttpStatusCode.BadRequest, raw.StatusCode);
        Assert.Equal((ErrorCodes.InvalidField, answers[0].Field, answers[0].Rule),
            (error.GetProperty("code").GetString(), error.GetProperty("field").GetString(), error.GetProperty("rule").GetString()));
    }

    [Theory]
    [InlineData("Pending")]
    [InlineData("3")]
    [InlineData("open")]
    public async Task A_proposal_status_filter_is_read_the_same_by_the_server_and_the_review_ui(string status)
    {
        using var http = _server.Http();
        using var refused = await http.GetAsync($"/v1/memory_stores/{_store}/proposals?status={status}");
        using var body = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        var ui = Assert.Throws<InvalidRequestException>(() => new InboxFilter(Status: status).StatusFilter());

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal((ui.Field, ui.Rule), (body.RootElement.GetProperty("error").GetProperty("field").GetString(), body.RootElement.GetProperty("error").GetProperty("rule").GetString()));
    }

    [Fact]
    public async Task All_lists_proposals_of_any_status_on_the_server_as_in_the_cli_and_the_review_ui()
    {
        using var http = _server.Http();
        using var all = await http.GetAsync($"/v1/memory_stores/{_store}/proposals?status=all");

        Assert.Equal(HttpStatusCode.OK, all.StatusCode);
        Assert.Null(new InboxFilter(Status: ProposalStatusNames.All).StatusFilter());
    }

    /// <summary>The field and rule each client's refusal names: in process, then through the server.</summary>
    private async Task<IReadOnlyList<(string Field, string Rule)>> AnswersAsync(Func<IEngramClient, Task> call)
    {
        var answers = new List<(string, string)>();
        foreach (var client in new[] { _local, _remote })
        {
            var refused = await Assert.ThrowsAsync<InvalidRequestException>(() => call(client));
            answers.Add((refused.Field, refused.Rule));
        }

        return answers;
    }
}
