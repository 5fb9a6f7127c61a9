using Engram.Conformance;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit.Abstractions;

namespace Engram.Cli.Tests;

/// <summary>
/// Several <c>engram serve --postgres</c> processes on one database, as a deployment runs them behind a load balancer:
/// writers spread over the nodes, conflicts between nodes resolved by the database, a node killed with SIGKILL while
/// writes are in flight. Each test has a fresh database of the test cluster.
/// </summary>
public sealed class MultiNodeTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Writers = 16;
    private const int IncrementsPerWriter = 200;

    private readonly EngramProcess _engram = new();
    private readonly List<ServeProcess> _nodes = [];
    private PostgresTestDatabase _database = null!;
    private string _key = null!;

    public async Task InitializeAsync()
    {
        _database = PostgresTestDatabase.Create("engram_cli_");
        var init = (await OnPostgres("init", "--json")).Ok().Json;
        _key = init.GetProperty("api_key").GetProperty("secret").GetString()!;
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        await _database.DisposeAsync();
        _engram.Dispose();
    }

    [Fact]
    public async Task Sixteen_writers_over_three_nodes_end_at_exactly_3200_with_a_linear_version_chain()
    {
        var nodes = await StartNodesAsync(3);
        using var clients = new Clients(nodes, _key);
        var (store, memory) = await CreateCounterAsync(clients[0]);

        var conflicts = 0;
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            var http = clients[writer % nodes.Count];
            for (var done = 0; done < IncrementsPerWriter;)
            {
                var (value, sha) = await ReadAsync(http, store, memory);
                var (status, body) = await UpdateAsync(http, store, memory, value + 1, sha, writer);
                if (status == HttpStatusCode.OK)
                {
                    done++;
                }
                else
                {
                    Assert.True(IsPreconditionFailure(status, body), $"{(int)status}: {body}");
                    Interlocked.Increment(ref conflicts);
                    await Task.Delay(Random.Shared.Next(0, 4)); // as a client would: back off a moment, then read again
                }
            }
        })));

        Assert.Equal(Writers * IncrementsPerWriter, (await ReadAsync(clients[2], store, memory)).Value);
        var chain = await VersionValuesAsync(clients[1], store, memory);
        Assert.Equal(Enumerable.Range(0, (Writers * IncrementsPerWriter) + 1), chain);
        output.WriteLine($"{Writers * IncrementsPerWriter} increments over {nodes.Count} nodes, {conflicts} precondition failures retried");
    }

    [Fact]
    public async Task A_node_killed_during_writes_loses_no_acknowledged_write()
    {
        var nodes = await StartNodesAsync(3);
        using var clients = new Clients(nodes, _key);
        var (store, memory) = await CreateCounterAsync(clients[0]);
        var acknowledged = new ConcurrentBag<int>();
        var unknown = 0;

        var writers = Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            var node = writer % nodes.Count;
            for (var done = 0; done < IncrementsPerWriter / 4;)
            {
                try
                {
                    var (value, sha) = await ReadAsync(clients[node], store, memory);
                    var (status, body) = await UpdateAsync(clients[node], store, memory, value + 1, sha, writer);
                    Assert.True(status == HttpStatusCode.OK || IsPreconditionFailure(status, body), $"{(int)status}: {body}");
                    if (status == HttpStatusCode.OK)
                    {
                        acknowledged.Add(value + 1);
                        done++;
                    }
                }
                catch (HttpRequestException) when (node == 0)
                {
                    // The killed node: a write in flight there has an unknown outcome. Carry on through another node.
                    Interlocked.Increment(ref unknown);
                    node = 1 + (writer % 2);
                }
            }
        })).ToList();

        // Kill node 0 once writes are well under way.
        while (acknowledged.Count < Writers * 10 && !writers.Any(w => w.IsCompleted))
        {
            await Task.Delay(10);
        }

        await nodes[0].KillAsync();
        await Task.WhenAll(writers);

        var chain = await VersionValuesAsync(clients[1], store, memory);
        var final = (await ReadAsync(clients[2], store, memory)).Value;

        // The chain is linear (each value once, in order) and holds every acknowledged write.
        Assert.Equal(Enumerable.Range(0, final + 1), chain);
        Assert.Subset(chain.ToHashSet(), acknowledged.ToHashSet());
        Assert.Equal(Writers * (IncrementsPerWriter / 4), acknowledged.Count);
        Assert.InRange(final, acknowledged.Count, acknowledged.Count + unknown);
        output.WriteLine($"{acknowledged.Count} acknowledged writes, {unknown} in flight on the killed node; the chain ends at {final}");
    }

    private async Task<List<ServeProcess>> StartNodesAsync(int count)
    {
        var started = await Task.WhenAll(Enumerable.Range(0, count).Select(_ => ServeProcess.StartOnPostgresAsync(_database.ConnectionString, "--rate-limit", "0")));
        _nodes.AddRange(started);
        return [.. started];
    }

    private Task<EngramProcess.Result> OnPostgres(params string[] args) =>
        _engram.RunWithEnvironmentAsync(null, new Dictionary<string, string>(), ["--postgres", _database.ConnectionString, .. args]);

    private static async Task<(string Store, string Memory)> CreateCounterAsync(HttpClient http)
    {
        var store = await PostAsync(http, "v1/memory_stores", new { name = "counter" });
        var memory = await PostAsync(http, $"v1/memory_stores/{store.GetProperty("id").GetString()}/memories", new { path = "/counter.md", content = "0" });
        return (store.GetProperty("id").GetString()!, memory.GetProperty("id").GetString()!);
    }

    private static async Task<(int Value, string Sha)> ReadAsync(HttpClient http, string store, string memory)
    {
        var json = await http.GetFromJsonAsync<JsonElement>($"v1/memory_stores/{store}/memories/{memory}?view=full");
        return (Value(json.GetProperty("content").GetString()!), json.GetProperty("content_sha256").GetString()!);
    }

    /// <summary>
    /// Writes the counter's next value with the content precondition. The content also names the writer, so two writers
    /// writing the same value never write the same content: the no-op rule (an update to the content already there
    /// succeeds whatever its precondition) would otherwise let both succeed.
    /// </summary>
    private static async Task<(HttpStatusCode Status, string Body)> UpdateAsync(HttpClient http, string store, string memory, int value, string sha, int writer)
    {
        using var response = await http.PostAsJsonAsync(
            $"v1/memory_stores/{store}/memories/{memory}",
            new { content = Counter(value, writer), precondition = new { type = "content_sha256", content_sha256 = sha } });
        return (response.StatusCode, response.IsSuccessStatusCode ? "" : await response.Content.ReadAsStringAsync());
    }

    /// <summary>The compatible API's answer to a stale precondition: 409 with <c>memory_precondition_failed_error</c>.</summary>
    private static bool IsPreconditionFailure(HttpStatusCode status, string body) =>
        status == HttpStatusCode.Conflict && body.Contains("\"memory_precondition_failed_error\"", StringComparison.Ordinal);

    private static string Counter(int value, int writer) => string.Create(CultureInfo.InvariantCulture, $"{value}\nwritten by writer {writer}\n");

    private static int Value(string content) => int.Parse(content.AsSpan(0, content.IndexOf('\n') is var end and >= 0 ? end : content.Length), CultureInfo.InvariantCulture);

    /// <summary>The value each version of the memory holds, oldest first.</summary>
    private static async Task<List<int>> VersionValuesAsync(HttpClient http, string store, string memory)
    {
        var values = new List<int>();
        string? page = null;
        do
        {
            var json = await http.GetFromJsonAsync<JsonElement>(
                $"v1/memory_stores/{store}/memory_versions?memory_id={memory}&view=full&limit=100{(page is null ? "" : "&page=" + Uri.EscapeDataString(page))}");
            values.AddRange(json.GetProperty("data").EnumerateArray().Select(v => Value(v.GetProperty("content").GetString()!)));
            page = json.TryGetProperty("next_page", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (page is not null);

        values.Reverse();
        return values;
    }

    private static async Task<JsonElement> PostAsync(HttpClient http, string path, object body)
    {
        using var response = await http.PostAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>One HTTP client per node, each with the admin key.</summary>
    private sealed class Clients(IReadOnlyList<ServeProcess> nodes, string key) : IDisposable
    {
        private readonly HttpClient[] _clients = nodes.Select(node =>
        {
            var http = new HttpClient { BaseAddress = new Uri(node.Url + "/"), Timeout = TimeSpan.FromSeconds(30) };
            http.DefaultRequestHeaders.Add("x-api-key", key);
            return http;
        }).ToArray();

        public HttpClient this[int node] => _clients[node];

        public void Dispose()
        {
            foreach (var client in _clients)
            {
                client.Dispose();
            }
        }
    }
}
