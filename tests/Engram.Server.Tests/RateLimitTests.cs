using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Engram.Access;

namespace Engram.Server.Tests;

/// <summary>
/// Rate limits at the edge: every principal (API keys and session tokens) has a budget, and failed
/// authentications are counted per client address. Budgets never refill during a test (their period is
/// stretched to hours), so each test asserts on the exact request that is refused.
/// </summary>
public sealed class RateLimitTests
{
    private static readonly TimeSpan Never = TimeSpan.FromHours(1);

    [Fact]
    public async Task A_session_token_over_its_budget_gets_429_and_another_session_has_its_own()
    {
        await using var server = await TestServer.StartAsync(new ServerOptions { RateLimitPerSecond = 1, RateLimitBurst = 2, RateLimitReplenishmentPeriod = Never });
        var first = await RegisterSessionAsync(server, "one");
        var second = await RegisterSessionAsync(server, "two");
        using var http = server.Http(first);

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/v1/memory_stores")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/v1/memory_stores")).StatusCode);
        using var third = await http.GetAsync("/v1/memory_stores");

        await AssertRateLimitedAsync(third, "session");
        using var other = server.Http(second);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/v1/memory_stores")).StatusCode);
    }

    [Fact]
    public async Task The_keys_of_one_principal_share_its_budget()
    {
        await using var server = await TestServer.StartAsync(new ServerOptions { RateLimitPerSecond = 1, RateLimitBurst = 2, RateLimitReplenishmentPeriod = Never });
        var (principal, firstKey) = await server.NewPrincipalAsync(PrincipalKind.ServiceAccount, name: "worker");
        var secondKey = await server.Engine.Access.CreateApiKeyAsync(Caller.LocalOperator(server.AdminUserId), new CreateApiKeyRequest("second", principal.Id), CancellationToken.None);
        using var one = server.Http(firstKey.Secret);
        using var two = server.Http(secondKey.Secret);

        Assert.Equal(HttpStatusCode.OK, (await one.GetAsync("/v1/memory_stores")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await two.GetAsync("/v1/memory_stores")).StatusCode);
        using var third = await one.GetAsync("/v1/memory_stores");

        await AssertRateLimitedAsync(third, principal.Id);
        using var admin = server.Http();
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/v1/memory_stores")).StatusCode);
    }

    [Fact]
    public async Task Failed_authentications_are_limited_per_address_before_any_key_is_checked()
    {
        await using var server = await TestServer.StartAsync(new ServerOptions { RateLimitPerSecond = 0, FailedAuthenticationLimit = 3, FailedAuthenticationWindow = Never });
        using var wrong = server.Http("engram_sk_wrong");
        using var none = server.Http(authenticated: false);

        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/v1/memory_stores")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await none.GetAsync("/v1/memory_stores")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.PostAsync("/mcp", null)).StatusCode);
        using var fourth = await wrong.GetAsync("/v1/memory_stores");

        await AssertRateLimitedAsync(fourth, "failed authentication");
        // Refused before the key is looked at, so a guess that happens to be right learns nothing either.
        using var valid = server.Http();
        await AssertRateLimitedAsync(await valid.GetAsync("/v1/memory_stores"), "failed authentication");
        using var health = server.Http(authenticated: false);
        Assert.Equal(HttpStatusCode.OK, (await health.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task Successful_requests_do_not_count_as_failed_authentications()
    {
        await using var server = await TestServer.StartAsync(new ServerOptions { RateLimitPerSecond = 0, FailedAuthenticationLimit = 1, FailedAuthenticationWindow = Never });
        using var http = server.Http();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/v1/memory_stores")).StatusCode);
        }

        using var wrong = server.Http("engram_sk_wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/v1/memory_stores")).StatusCode);
        await AssertRateLimitedAsync(await http.GetAsync("/v1/memory_stores"), "failed authentication");
    }

    private static async Task<string> RegisterSessionAsync(TestServer server, string agent)
    {
        var admin = Caller.LocalOperator(server.AdminUserId);
        var store = await server.Engine.Memories.CreateStoreAsync(admin, new Memories.CreateStoreRequest(agent), CancellationToken.None);
        var registered = await server.Engine.Access.RegisterSessionAsync(
            admin, new RegisterSessionRequest(agent, Stores: [new SessionAttachment(store.Id, AttachmentAccess.ReadWrite, "")]), CancellationToken.None);
        return registered.Token;
    }

    private static async Task AssertRateLimitedAsync(HttpResponseMessage response, string named)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"retry-after: {response.Headers.RetryAfter}");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("error", body.GetProperty("type").GetString());
        Assert.Equal("rate_limit_error", body.GetProperty("error").GetProperty("type").GetString());
        Assert.Contains(named, body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
