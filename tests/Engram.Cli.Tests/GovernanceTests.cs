namespace Engram.Cli.Tests;

public sealed class GovernanceTests : IDisposable
{
    private readonly EngramProcess _engram = new();

    public void Dispose() => _engram.Dispose();

    [Fact]
    public async Task A_session_token_from_sessions_start_acts_as_the_agent_and_its_org_writes_become_proposals()
    {
        (await _engram.RunAsync("init")).Ok();
        (await _engram.RunAsync("store", "create", "team")).Ok();
        (await _engram.RunAsync(["write", "/org/rules.md"], "be kind\n")).Ok();

        var started = (await _engram.RunAsync("sessions", "start", "--agent", "scout", "--title", "nightly", "--json")).Ok().Json;
        var token = started.GetProperty("token").GetString()!;
        var session = started.GetProperty("id").GetString()!;
        Assert.StartsWith("engram_st_", token, StringComparison.Ordinal);

        (await _engram.RunAsync(["--api-key", token, "write", "/agents/scout/notes.md"], "found a flaky test\n")).Ok();
        var proposed = await _engram.RunAsync(["--api-key", token, "write", "/org/rules.md"], "be kind, and write tests\n");
        Assert.Equal(7, proposed.ExitCode);
        Assert.Contains("proposed prop_", proposed.Out, StringComparison.Ordinal);
        Assert.Equal("be kind\n", (await _engram.RunAsync("cat", "/org/rules.md")).Ok().Out);

        var pending = (await _engram.RunAsync("proposals", "list", "--json")).Ok().Json.GetProperty("data");
        var proposal = pending[0].GetProperty("id").GetString()!;
        Assert.Contains("+be kind, and write tests", (await _engram.RunAsync("proposals", "show", proposal)).Ok().Out, StringComparison.Ordinal);
        (await _engram.RunAsync("proposals", "accept", proposal, "--note", "good idea")).Ok();
        Assert.Equal("be kind, and write tests\n", (await _engram.RunAsync("cat", "/org/rules.md")).Ok().Out);

        var log = (await _engram.RunAsync("log", "/org/rules.md", "--json")).Ok().Json.GetProperty("data");
        Assert.Equal(session, log[0].GetProperty("created_by").GetProperty("session_id").GetString());
        Assert.Equal(proposal, log[0].GetProperty("proposal_id").GetString());

        (await _engram.RunAsync("sessions", "end", session)).Ok();
        Assert.Equal(5, (await _engram.RunAsync(["--api-key", token, "ls"])).ExitCode);
    }

    [Fact]
    public async Task With_two_stores_a_proposal_is_shown_accepted_and_rejected_in_the_store_it_waits_in_without_naming_it()
    {
        (await _engram.RunAsync("init")).Ok();
        (await _engram.RunAsync("store", "create", "team")).Ok();
        (await _engram.RunAsync(["write", "/org/rules.md", "--store", "team"], "be kind\n")).Ok();
        (await _engram.RunAsync("store", "create", "ops")).Ok();
        var token = (await _engram.RunAsync("sessions", "start", "--agent", "scout", "--attach", "team", "--json")).Ok().Json.GetProperty("token").GetString()!;
        Assert.Equal(7, (await _engram.RunAsync(["--api-key", token, "--store", "team", "write", "/org/rules.md"], "be kind, and write tests\n")).ExitCode);
        Assert.Equal(7, (await _engram.RunAsync(["--api-key", token, "--store", "team", "write", "/org/other.md"], "no\n")).ExitCode);
        var pending = (await _engram.RunAsync("proposals", "list", "--store", "team", "--json")).Ok().Json.GetProperty("data");
        var ids = pending.EnumerateArray().Select(p => (Id: p.GetProperty("id").GetString()!, Path: p.GetProperty("path").GetString()!)).ToList();
        var accepted = ids.Single(p => p.Path == "/org/rules.md").Id;
        var rejected = ids.Single(p => p.Path == "/org/other.md").Id;

        Assert.Contains("+be kind, and write tests", (await _engram.RunAsync("proposals", "show", accepted)).Ok().Out, StringComparison.Ordinal);
        (await _engram.RunAsync("proposals", "accept", accepted)).Ok();
        (await _engram.RunAsync("proposals", "reject", rejected, "--note", "not needed")).Ok();

        Assert.Equal("be kind, and write tests\n", (await _engram.RunAsync("cat", "/org/rules.md", "--store", "team")).Ok().Out);
        var missing = await _engram.RunAsync("proposals", "show", "prop_00000000000000000000000000");
        Assert.Equal(3, missing.ExitCode);
        var elsewhere = await _engram.RunAsync("proposals", "show", accepted, "--store", "ops");
        Assert.Equal(3, elsewhere.ExitCode);
    }

    [Fact]
    public async Task Policy_commands_add_test_and_remove_rules()
    {
        var init = (await _engram.RunAsync("init", "--json")).Ok().Json;
        (await _engram.RunAsync("store", "create", "team")).Ok();
        var key = (await _engram.RunAsync("keys", "create", "--new-user", "mia", "--group", "payments", "--json")).Ok().Json;
        var mia = key.GetProperty("principal_id").GetString()!;

        var denied = await _engram.RunAsync("policy", "test", "--subject", mia, "--path", "/teams/payments/x.md", "--capability", "delete");
        Assert.Equal(0, denied.ExitCode); // people administer a new store by default
        var added = (await _engram.RunAsync("policy", "add", "--subject", "group:payments", "--path", "/teams/payments/**", "--deny", "delete", "--json")).Ok().Json;
        var test = await _engram.RunAsync("policy", "test", "--subject", mia, "--path", "/teams/payments/x.md", "--capability", "delete");
        Assert.Equal(5, test.ExitCode);
        Assert.Contains(added.GetProperty("id").GetString()!, test.Out, StringComparison.Ordinal);

        Assert.Equal(2, (await _engram.RunAsync("policy", "add", "--subject", "nobody", "--path", "/**", "--allow", "read")).ExitCode);
        (await _engram.RunAsync("policy", "remove", added.GetProperty("id").GetString()!)).Ok();
        Assert.Equal(0, (await _engram.RunAsync("policy", "test", "--subject", mia, "--path", "/teams/payments/x.md", "--capability", "delete")).ExitCode);

        var audit = (await _engram.RunAsync("audit", "--action", "policy.remove")).Ok().Out;
        Assert.Contains("policy.remove", audit, StringComparison.Ordinal);
        Assert.Contains(init.GetProperty("local_user_id").GetString()!, audit, StringComparison.Ordinal);
    }
}
