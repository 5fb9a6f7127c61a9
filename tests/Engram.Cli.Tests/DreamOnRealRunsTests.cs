using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Engram.Cli.Tests;

/// <summary>
/// <c>engram dream</c> as a process over five trimmed real mini-swe-agent runs (Fixtures/dreaming/mini-swe-agent, MIT
/// notice beside them): rule-based, with a model behind a loopback stub of the Messages API, and with a provider that fails.
/// </summary>
public sealed class DreamOnRealRunsTests : IDisposable
{
    private static readonly string Runs = Path.Combine(AppContext.BaseDirectory, "Fixtures", "dreaming", "mini-swe-agent");
    private readonly EngramProcess _engram = new();

    public void Dispose() => _engram.Dispose();

    private async Task ImportAsync()
    {
        (await _engram.RunAsync("init")).Ok();
        (await _engram.RunAsync("store", "create", "fleet")).Ok();
        var import = (await _engram.RunAsync("sessions", "import", Runs)).Ok();
        Assert.Contains("5 sessions (5 new)", import.Out, StringComparison.Ordinal);
    }

    private Task<EngramProcess.Result> DreamAsync(IReadOnlyDictionary<string, string>? environment = null, params string[] more) =>
        _engram.RunWithEnvironmentAsync(_engram.Data, environment ?? new Dictionary<string, string>(), ["dream", "--store", "fleet", "--since", "3650d", "--json", .. more]);

    private async Task<JsonElement> PatternsAsync(string dreamId) =>
        (await _engram.RunAsync("dreams", "show", dreamId, "--patterns", "--json")).Ok().Json.GetProperty("data");

    [Fact]
    public async Task A_rule_based_dream_proposes_what_recurs_says_why_it_dropped_the_rest_and_a_second_dream_files_nothing_again()
    {
        await ImportAsync();

        var first = await DreamAsync();
        Assert.Equal(0, first.ExitCode);
        var dream = first.Json;
        Assert.Equal(("completed", "rules"), (dream.GetProperty("status").GetString(), dream.GetProperty("analysis").GetString()));
        Assert.Equal(3, dream.GetProperty("progress").GetProperty("proposals").GetInt32());
        var patterns = await PatternsAsync(dream.GetProperty("id").GetString()!);
        var proposed = patterns.EnumerateArray().Where(p => p.GetProperty("decision").GetString() == "proposed").ToList();
        Assert.Equal(3, proposed.Count);
        Assert.All(proposed, p => Assert.StartsWith("prop_", p.GetProperty("proposal_id").GetString(), StringComparison.Ordinal));
        Assert.Contains(proposed, p => p.GetProperty("signature").GetString() == "tool_failure|missing_module|pytest");
        var rare = Assert.Single(patterns.EnumerateArray(), p => p.GetProperty("signature").GetString() == "tool_failure|missing_command|pytest");
        Assert.Equal(("dropped", "threshold"), (rare.GetProperty("decision").GetString(), rare.GetProperty("reason").GetString()));

        var text = (await _engram.RunAsync("dreams", "show", dream.GetProperty("id").GetString()!, "--patterns")).Ok().Out;
        Assert.Contains("3 proposed,", text, StringComparison.Ordinal);

        // The dream's output store is named, never the default: commands without --store still find the working store.
        var stores = (await _engram.RunAsync("store", "list")).Ok().Out;
        Assert.Contains("(1 store written by dreams not shown: engram store list --all)", stores, StringComparison.Ordinal);
        Assert.Equal(2, (await _engram.RunAsync("store", "list", "--all", "--json")).Ok().Json.GetProperty("data").GetArrayLength());
        (await _engram.RunAsync("ls")).Ok();
        Assert.Contains("threshold: seen in 2 sessions; a pattern needs 3", text, StringComparison.Ordinal);

        // A person rejects the pytest fact; a second dream over the same sessions files nothing again, and says why.
        var pytest = proposed.Single(p => p.GetProperty("signature").GetString() == "tool_failure|missing_module|pytest").GetProperty("proposal_id").GetString()!;
        (await _engram.RunAsync("proposals", "reject", pytest, "--store", "fleet", "--note", "not in every repository")).Ok();
        var second = (await DreamAsync()).Ok().Json;
        Assert.Equal(0, second.GetProperty("progress").GetProperty("proposals").GetInt32());
        var again = (await PatternsAsync(second.GetProperty("id").GetString()!)).EnumerateArray().ToList();
        Assert.Equal("rejected", again.Single(p => p.GetProperty("signature").GetString() == "tool_failure|missing_module|pytest").GetProperty("reason").GetString());
        Assert.Equal(2, again.Count(p => p.GetProperty("reason").GetString() == "already_proposed"));
    }

    [Fact]
    public async Task A_provider_that_fails_leaves_a_degraded_dream_with_the_rule_based_proposals_and_exit_code_8()
    {
        await ImportAsync();
        await using var provider = await ProviderStub.StartAsync();
        provider.FailWith = 401;

        var result = await DreamAsync(new Dictionary<string, string> { ["ANTHROPIC_API_KEY"] = "sk-ant-test", ["ANTHROPIC_BASE_URL"] = provider.BaseUrl });

        Assert.Equal(8, result.ExitCode);
        var dream = result.Json;
        Assert.Equal(("completed", "rules"), (dream.GetProperty("status").GetString(), dream.GetProperty("analysis").GetString()));
        Assert.Equal(3, dream.GetProperty("progress").GetProperty("proposals").GetInt32());
        var degraded = dream.GetProperty("degraded");
        Assert.Equal("authentication_error", degraded.GetProperty("type").GetString());
        Assert.Contains($"Anthropic API at {provider.BaseUrl}", degraded.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("sk-ant-test", result.Out + result.Error, StringComparison.Ordinal);

        var text = (await _engram.RunAsync("dreams", "show", dream.GetProperty("id").GetString()!)).Ok().Out;
        Assert.Contains("rule-based, degraded (authentication_error)", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_provider_nobody_answers_is_named_and_the_dream_still_completes_on_the_rules()
    {
        await ImportAsync();
        var closed = ClosedPort();

        var result = await DreamAsync(new Dictionary<string, string> { ["ANTHROPIC_API_KEY"] = "sk-ant-test", ["ANTHROPIC_BASE_URL"] = $"http://127.0.0.1:{closed}" });

        Assert.Equal(8, result.ExitCode);
        var degraded = result.Json.GetProperty("degraded");
        Assert.Equal("connection_error", degraded.GetProperty("type").GetString());
        Assert.Contains($"Anthropic API at http://127.0.0.1:{closed} could not be reached", degraded.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_model_the_sub_agents_see_the_improved_signals_and_their_findings_become_a_proposal_with_real_evidence()
    {
        await ImportAsync();
        await using var provider = await ProviderStub.StartAsync();

        var result = await DreamAsync(new Dictionary<string, string> { ["ANTHROPIC_API_KEY"] = "sk-ant-test", ["ANTHROPIC_BASE_URL"] = provider.BaseUrl },
            "--instructions", WriteInstructions("Focus on what the harness refuses."));

        Assert.Equal(0, result.ExitCode);
        var dream = result.Json;
        Assert.Equal("rules_and_model", dream.GetProperty("analysis").GetString());
        Assert.True(dream.GetProperty("usage").GetProperty("input_tokens").GetInt64() > 0);

        // What the sub-agents read: harness feedback and classified failures, never the harness text as a user's words.
        var prompts = string.Join("\n", provider.AnalysisPrompts());
        Assert.Contains("harness_feedback quote=\"Please always provide EXACTLY ONE action", prompts, StringComparison.Ordinal);
        Assert.Contains("class=missing_module subject=\"pytest\"", prompts, StringComparison.Ordinal);
        Assert.Contains("Focus on what the harness refuses.", provider.Requests[0].GetProperty("system").ToString(), StringComparison.Ordinal);

        var proposals = (await _engram.RunAsync("proposals", "list", "--store", "fleet", "--json")).Ok().Json.GetProperty("data").EnumerateArray().ToList();
        var model = Assert.Single(proposals, p => p.GetProperty("origin").GetProperty("kind").GetString() == "model");
        Assert.Equal(4, model.GetProperty("origin").GetProperty("statistics").GetProperty("sessions").GetInt32());
        Assert.All(model.GetProperty("origin").GetProperty("evidence").EnumerateArray(),
            e => Assert.StartsWith("Please always provide EXACTLY ONE action in triple backticks", e.GetProperty("quote").GetString(), StringComparison.Ordinal));
        Assert.Contains(proposals, p => p.GetProperty("origin").GetProperty("kind").GetString() == "environment_fact");
    }

    private string WriteInstructions(string text)
    {
        var path = Path.Combine(_engram.Root, "instructions.txt");
        File.WriteAllText(path, text);
        return path;
    }

    // A loopback port nothing listens on: bound and released, so a connection to it is refused.
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
