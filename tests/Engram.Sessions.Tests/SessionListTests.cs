using Engram.Access;
using Engram.Client;
using Engram.Errors;
using Microsoft.Extensions.Time.Testing;

namespace Engram.Sessions.Tests;

/// <summary>Listing sessions by agent, by the time each was recorded and by whether it is active, page by page, showing only what the caller may see.</summary>
public sealed class SessionListTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 10, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);
    private SessionWorld _world = null!;

    public async Task InitializeAsync() => _world = await SessionWorld.StartAsync(time: _time);

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private Caller AdminCaller => Caller.LocalOperator("user_admin");

    /// <summary>Registers one session per agent an hour apart, from <see cref="Start"/> on; their ids in that order.</summary>
    private async Task<List<string>> RegisterHourlyAsync(IEngramClient client, params string[] agents)
    {
        var ids = new List<string>();
        foreach (var agent in agents)
        {
            ids.Add((await client.RegisterSessionAsync(new RegisterSessionRequest(agent))).Session.Id);
            _time.Advance(TimeSpan.FromHours(1));
        }

        return ids;
    }

    private async Task<List<string>> AllAsync(Caller caller, SessionListQuery query)
    {
        var ids = new List<string>();
        string? page = null;
        do
        {
            var result = await _world.Engine.Access.ListSessionsAsync(caller, query with { Page = page }, CancellationToken.None);
            ids.AddRange(result.Data.Select(s => s.Id));
            page = result.NextPage;
        }
        while (page is not null);
        return ids;
    }

    [Fact]
    public async Task An_agent_filter_lists_only_that_agents_sessions_newest_first_across_pages()
    {
        var ids = await RegisterHourlyAsync(_world.Admin, "deployer", "tester", "deployer", "tester", "deployer");

        var deployer = await AllAsync(AdminCaller, new SessionListQuery(Agent: "deployer", Limit: 2));

        Assert.Equal([ids[4], ids[2], ids[0]], deployer);
    }

    [Fact]
    public async Task A_time_window_keeps_the_sessions_recorded_within_it_both_ends_included()
    {
        var ids = await RegisterHourlyAsync(_world.Admin, "a", "b", "c", "d", "e");

        var window = await AllAsync(AdminCaller, new SessionListQuery(Since: Start.AddHours(1), Until: Start.AddHours(3), Limit: 1));

        Assert.Equal([ids[3], ids[2], ids[1]], window);
        Assert.Equal([ids[4]], await AllAsync(AdminCaller, new SessionListQuery(Since: Start.AddHours(3).AddTicks(1))));
        Assert.Equal([ids[0]], await AllAsync(AdminCaller, new SessionListQuery(Until: Start.AddHours(1).AddTicks(-1))));
    }

    [Fact]
    public async Task Active_lists_the_sessions_whose_token_still_works_and_false_the_ended_ones()
    {
        var ids = await RegisterHourlyAsync(_world.Admin, "a", "b", "c");
        await _world.Admin.EndSessionAsync(ids[1]);

        Assert.Equal([ids[2], ids[0]], await AllAsync(AdminCaller, new SessionListQuery(Active: true)));
        Assert.Equal([ids[1]], await AllAsync(AdminCaller, new SessionListQuery(Active: false)));
    }

    [Fact]
    public async Task A_member_lists_only_the_sessions_it_registered_whatever_the_filter()
    {
        var alice = await _world.MemberAsync("alice");
        await RegisterHourlyAsync(_world.Admin, "deployer", "deployer");
        var mine = await RegisterHourlyAsync(alice, "deployer");
        var bob = await MemberCallerAsync("bob");

        Assert.Equal(mine, (await alice.ListSessionsAsync()).Data.Select(s => s.Id));
        Assert.Empty(await AllAsync(bob, new SessionListQuery(Agent: "deployer", Limit: 1)));
    }

    [Theory]
    [InlineData("Not An Agent", "agent")]
    [InlineData("x", "since")]
    public async Task A_bad_filter_is_refused_naming_it(string agent, string field)
    {
        var query = field == "since"
            ? new SessionListQuery(Agent: agent, Since: Start.AddHours(2), Until: Start)
            : new SessionListQuery(Agent: agent);

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => _world.Engine.Access.ListSessionsAsync(AdminCaller, query, CancellationToken.None));

        Assert.Equal(field, error.Field);
    }

    private async Task<Caller> MemberCallerAsync(string name)
    {
        var principal = await _world.Admin.CreatePrincipalAsync(new CreatePrincipalRequest(PrincipalKind.User, name));
        var key = await _world.Admin.CreateApiKeyAsync(new CreateApiKeyRequest(name, principal.Id));
        return await _world.Engine.Access.AuthenticateAsync(key.Secret, CancellationToken.None);
    }
}
