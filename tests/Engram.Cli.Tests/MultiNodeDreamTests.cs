using Engram.Conformance;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit.Abstractions;

namespace Engram.Cli.Tests;

/// <summary>
/// Two <c>engram serve --postgres</c> nodes on one database with a short dream lease (<c>--dream-lease</c>): only
/// one node ever holds a dream while both live, and when the node running it is killed with SIGKILL mid-analysis,
/// the other claims it once the lease has ended and finishes it where the dead node's last recorded batch left it,
/// with the proposals and statistics of an uninterrupted run (as <see cref="DreamKillTests"/> checks for one process).
/// </summary>
public sealed class MultiNodeDreamTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>
    /// Short, so the takeover comes within seconds (at most the lease plus the worker's 5 s poll after the kill), yet
    /// long enough for a node stalled a second or two by a loaded test machine to renew it (its heartbeat beats every
    /// third of it, and every recorded batch renews it too): a live node that lost it would fail this test.
    /// </summary>
    private const int LeaseSeconds = 5;

    /// <summary>
    /// Sessions of the corpus: DreamKillCorpus's kind, smaller than its 1,500, whose import on PostgreSQL takes half a
    /// minute on a loaded test machine; ten analysis batches still leave the signal pass seconds to be caught in.
    /// </summary>
    private const int Sessions = 600;

    /// <summary>Far beyond the seconds a dream of the corpus takes: only a hung dream reaches it.</summary>
    private static readonly TimeSpan PollLimit = TimeSpan.FromSeconds(120);

    private readonly EngramProcess _engram = new();
    private readonly List<ServeProcess> _nodes = [];
    private PostgresTestDatabase _database = null!;
    private HttpClient[] _clients = [];

    public Task InitializeAsync()
    {
        _database = PostgresTestDatabase.Create("engram_cli_");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        await _database.DisposeAsync();
        _engram.Dispose();
    }

    [Fact]
    public async Task A_dream_runs_on_one_node_and_after_that_node_is_killed_the_other_finishes_it_with_exact_statistics()
    {
        var clock = Stopwatch.StartNew();
        var key = (await OnPostgres("init", "--json")).Ok().Json.GetProperty("api_key").GetProperty("secret").GetString()!;
        var store = (await OnPostgres("store", "create", "team", "--json")).Ok().Json.GetProperty("id").GetString()!;
        var folders = DreamKillCorpus.Write(Path.Combine(_engram.Root, "transcripts"), Sessions);
        await Task.WhenAll(folders.Select(async f => (await OnPostgres("sessions", "import", f.Value, "--agent", f.Key)).Ok()));
        output.WriteLine($"corpus written and imported in {clock.Elapsed.TotalSeconds:N1} s");

        clock.Restart();
        _nodes.AddRange(await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            ServeProcess.StartOnPostgresAsync(_database.ConnectionString, "--rate-limit", "0", "--dream-lease", LeaseSeconds.ToString(CultureInfo.InvariantCulture)))));
        _clients = [.. _nodes.Select(node => Client(node, key))];
        output.WriteLine($"two nodes up in {clock.Elapsed.TotalSeconds:N1} s");

        clock.Restart();
        var id = (await PostAsync(_clients[0], "v1/dreams", new
        {
            inputs = new object[] { new { type = "memory_store", memory_store_id = store }, new { type = "sessions", filter = new { since = "2026-01-01T00:00:00Z" } } },
            model = "claude-sonnet-4-5",
        })).GetProperty("id").GetString()!;
        await using var samples = LeaseSampler.Start(_database, id);

        // Kill the node that holds the dream once some but not all of its sessions' analyses are recorded.
        var running = await samples.WaitForAsync(s => s.Holder is not null && s.Stage == "analyzing" && s.Analyzed > 0, PollLimit);
        Assert.True(running.Analyzed < running.Total, $"the dream got past its analysis before the kill: {running}");
        var victim = _nodes.Single(node => HolderIsNode(running.Holder!, node));
        var survivor = _nodes.Single(node => node != victim);
        var (victimLog, _) = await victim.KillAsync();
        var killedAt = DateTimeOffset.UtcNow;
        var killed = await samples.SampleNowAsync();
        output.WriteLine($"node {victim.ProcessId} killed after {clock.Elapsed.TotalSeconds:N1} s: {killed}");
        Assert.Equal(running.Holder, killed.Holder);
        Assert.Equal(0, killed.Analyzed % Engram.Dreaming.Dreams.DreamRunner.SessionsPerAnalysisBatch); // whole batches only
        Assert.InRange(killed.Analyzed, 1, killed.Total - 1);

        clock.Restart();
        var done = await samples.WaitForAsync(s => s.Status is not ("pending" or "running"), PollLimit);
        output.WriteLine($"the survivor finished it {clock.Elapsed.TotalSeconds:N1} s after the kill: {done}");
        var history = await samples.StopAsync();

        // One holder while both nodes lived, then the survivor, and only once the dead node's lease had ended.
        var holders = history.Select(s => s.Holder).OfType<string>().Aggregate(new List<string>(), (turns, holder) =>
        {
            if (turns.Count == 0 || turns[^1] != holder)
            {
                turns.Add(holder); // a new turn: the dream changed hands (A, B, A would be three)
            }

            return turns;
        });
        Assert.Equal([running.Holder!, holders[^1]], holders);
        Assert.True(HolderIsNode(holders[^1], survivor), $"{holders[^1]} is not node {survivor.ProcessId}");
        Assert.All(history.Where(s => s.At <= killedAt), s => Assert.True(s.Holder is null || s.Holder == running.Holder, $"held by {s.Holder} before the kill"));
        var takenOver = history.First(s => s.Holder == holders[^1]);
        Assert.True(takenOver.At >= killed.LeaseUntil, $"the survivor held it at {takenOver.At:O}, before the dead node's lease ended at {killed.LeaseUntil:O}");

        var dream = await _clients[_nodes.IndexOf(survivor)].GetFromJsonAsync<JsonElement>($"v1/dreams/{id}");
        Assert.Equal("completed", dream.GetProperty("status").GetString());
        var progress = dream.GetProperty("progress");
        Assert.Equal("done", progress.GetProperty("stage").GetString());
        Assert.Equal(Sessions, progress.GetProperty("sessions_total").GetInt32());
        Assert.Equal(Sessions, progress.GetProperty("sessions_analyzed").GetInt32());
        Assert.Equal(2, progress.GetProperty("proposals").GetInt32());
        Assert.Equal(Sessions, await _database.ScalarAsync<long>($"SELECT count(*) FROM dream_sessions WHERE dream_id = '{id}' AND analysis IS NOT NULL"));

        var proposals = (await _clients[_nodes.IndexOf(survivor)].GetFromJsonAsync<JsonElement>($"v1/memory_stores/{store}/proposals?dream_id={id}&status=all")).GetProperty("data");
        Assert.Equal(2, proposals.GetArrayLength());
        var pytest = Assert.Single(proposals.EnumerateArray(), p => Kind(p) == "environment_fact");
        AssertStatistics(pytest, DreamKillCorpus.PytestSessionsOf(Sessions));
        Assert.Equal("`pytest` is not installed", pytest.GetProperty("origin").GetProperty("title").GetString());
        Assert.Equal("/org/environment.md", pytest.GetProperty("path").GetString());
        var pnpm = Assert.Single(proposals.EnumerateArray(), p => Kind(p) == "user_correction");
        AssertStatistics(pnpm, DreamKillCorpus.CorrectedOf(Sessions).Length);
        Assert.Equal("/org/conventions.md", pnpm.GetProperty("path").GetString());

        // One output store, holding the trusted proposal only; the dream is the only one and was filed once.
        var outputStore = dream.GetProperty("outputs")[0].GetProperty("memory_store_id").GetString()!;
        Assert.Equal(2, (await OnPostgres("store", "list", "--all", "--json")).Ok().Json.GetProperty("data").GetArrayLength());
        Assert.Equal("/org/conventions.md\n", (await OnPostgres("ls", "--store", outputStore)).Ok().Out);
        Assert.Equal(1L, await _database.ScalarAsync<long>("SELECT count(*) FROM dreams"));

        // Each node's log says what it ran: the victim claimed the dream from the start; the survivor claimed it once,
        // exactly where the victim's last recorded batch left it, and ended it.
        var (_, survivorLog, _) = await survivor.TerminateAsync();
        var victimClaims = Events(victimLog, id, DreamClaimedEvent);
        var victimClaim = Assert.Single(victimClaims);
        Assert.Equal(running.Holder, victimClaim.GetProperty("WorkerId").GetString());
        Assert.Empty(Events(victimLog, id, DreamEndedEvent));
        var survivorClaim = Assert.Single(Events(survivorLog, id, DreamClaimedEvent));
        Assert.Equal(holders[^1], survivorClaim.GetProperty("WorkerId").GetString());
        var left = history.Last(s => s.Holder == running.Holder).Analyzed;
        Assert.Equal(left.ToString(CultureInfo.InvariantCulture), Text(survivorClaim.GetProperty("SessionsAnalyzed")));
        var ended = Assert.Single(Events(survivorLog, id, DreamEndedEvent));
        Assert.Equal("completed", ended.GetProperty("Status").GetString());
        Assert.Empty(Events(survivorLog, id, DreamTakenOverEvent));
        Assert.DoesNotContain(_database.ConnectionString, survivorLog, StringComparison.Ordinal);
        output.WriteLine($"{history.Count} lease samples; holders in turn: {string.Join(", ", holders)}");
        output.WriteLine($"the victim's log:\n{WorkerLines(victimLog)}\nthe survivor's log:\n{WorkerLines(survivorLog)}");
    }

    /// <summary>The dream worker's log events (src/Engram.Server/DreamWorkerService.cs).</summary>
    private const int DreamTakenOverEvent = 4;
    private const int DreamClaimedEvent = 7;
    private const int DreamEndedEvent = 8;

    /// <summary>Whether a lease holder (machine/pid/random) is <paramref name="node"/>'s worker.</summary>
    private static bool HolderIsNode(string holder, ServeProcess node) =>
        holder.StartsWith($"{Environment.MachineName}/{node.ProcessId}/", StringComparison.Ordinal);

    /// <summary>The state of the JSON log lines of event <paramref name="eventId"/> about dream <paramref name="dreamId"/>.</summary>
    private static List<JsonElement> Events(string log, string dreamId, int eventId) =>
        [.. log.Split('\n')
            .Where(line => line.StartsWith('{'))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Where(e => e.GetProperty("EventId").GetInt32() == eventId
                && e.GetProperty("State").TryGetProperty("DreamId", out var dream) && dream.GetString() == dreamId)
            .Select(e => e.GetProperty("State"))];

    /// <summary>The dream worker's messages in a node's log.</summary>
    private static string WorkerLines(string log) => string.Join('\n', log.Split('\n')
        .Where(line => line.StartsWith('{'))
        .Select(line => JsonDocument.Parse(line).RootElement)
        .Where(e => e.GetProperty("Category").GetString() == "Engram.Server.DreamWorkerService")
        .Select(e => "  " + e.GetProperty("Message").GetString()));

    private static string Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();

    private Task<EngramProcess.Result> OnPostgres(params string[] args) =>
        _engram.RunWithEnvironmentAsync(null, new Dictionary<string, string>(), ["--postgres", _database.ConnectionString, .. args]);

    private static HttpClient Client(ServeProcess node, string key)
    {
        var http = new HttpClient { BaseAddress = new Uri(node.Url + "/"), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add("x-api-key", key);
        return http;
    }

    private static async Task<JsonElement> PostAsync(HttpClient http, string path, object body)
    {
        using var response = await http.PostAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static string? Kind(JsonElement proposal) => proposal.GetProperty("origin").GetProperty("kind").GetString();

    private static void AssertStatistics(JsonElement proposal, int sessions)
    {
        var statistics = proposal.GetProperty("origin").GetProperty("statistics");
        Assert.Equal(sessions, statistics.GetProperty("sessions").GetInt32());
        Assert.Equal(Sessions, statistics.GetProperty("sessions_read").GetInt32());
        Assert.Equal(DreamKillCorpus.Agents, statistics.GetProperty("agents").EnumerateArray().Select(a => a.GetString()!));
        Assert.Equal("pending", proposal.GetProperty("status").GetString());
    }
}
