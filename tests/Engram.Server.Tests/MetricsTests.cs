using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Engram.Dreaming.Dreams;
using Engram.Server.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Engram.Server.Tests;

/// <summary>
/// <c>/metrics</c> on the real server: Prometheus text with request durations by route template, the commit
/// histogram and the workload gauges, and nothing that names a store, a path or content. The library's meter is
/// process-wide, so a scrape also counts what earlier tests committed: these tests assert what is there at least, and
/// read exact gauge values from this server's own meter.
/// </summary>
[Collection(nameof(MetricsCollection))]
public sealed class MetricsTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(new ServerOptions { RateLimitPerSecond = 0, RunDreams = false, MetricsSampleInterval = TimeSpan.FromMilliseconds(100) });
        _http = _server.Http();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Metrics_are_prometheus_text_with_request_durations_by_route_template_and_status()
    {
        var store = await NewStoreAsync("routes");
        for (var i = 0; i < 3; i++)
        {
            (await _http.GetAsync($"/v1/memory_stores/{store}")).Dispose();
        }

        (await _http.GetAsync($"/v1/memory_stores/{store}/memories/mem_nothing_here")).Dispose();

        var text = await ScrapeUntilAsync(t => t.Contains("/v1/memory_stores/{store_id}/memories/{memory_id}", StringComparison.Ordinal));

        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", text, StringComparison.Ordinal);
        var durations = Lines(text, "http_server_request_duration_seconds_count{");
        Assert.Contains(durations, l => l.Contains("http_route=\"/v1/memory_stores/{store_id}\"", StringComparison.Ordinal)
            && l.Contains("http_response_status_code=\"200\"", StringComparison.Ordinal) && l.Contains("http_request_method=\"GET\"", StringComparison.Ordinal) && Value(l) >= 3);
        Assert.Contains(durations, l => l.Contains("http_route=\"/v1/memory_stores/{store_id}/memories/{memory_id}\"", StringComparison.Ordinal)
            && l.Contains("http_response_status_code=\"404\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Commits_are_counted_with_a_histogram_of_writes_per_commit_and_the_indexer_counts_what_it_took_off_the_queue()
    {
        var store = await NewStoreAsync("commits");
        for (var i = 0; i < 3; i++)
        {
            await PostAsync($"/v1/memory_stores/{store}/memories", new { path = $"/c{i}.md", content = $"commit {i}" });
        }

        var text = await ScrapeUntilAsync(t => t.Contains("engram_storage_commit_units_bucket", StringComparison.Ordinal)
            && t.Contains("engram_search_queue_processed_total{", StringComparison.Ordinal));

        Assert.Contains("# TYPE engram_storage_commit_units histogram", text, StringComparison.Ordinal);
        Assert.Contains(Lines(text, "engram_storage_commit_units_bucket{"), l => l.Contains("le=\"1\"", StringComparison.Ordinal));
        Assert.True(Value(Assert.Single(Lines(text, "engram_storage_commit_units_count"))) >= 4, "a store and three memories were committed");
        Assert.True(Value(Assert.Single(Lines(text, "engram_storage_commits_total"))) >= 4);
        Assert.True(Value(Assert.Single(Lines(text, "engram_storage_writes_total"))) >= 4);
        Assert.Contains(Lines(text, "engram_search_queue_processed_total{"), l => l.Contains("engram_search_queue_name=\"index\"", StringComparison.Ordinal) && Value(l) >= 3);
    }

    [Fact]
    public async Task Queue_and_dream_gauges_are_published()
    {
        var text = await ScrapeUntilAsync(t => t.Contains("engram_search_queue_length{", StringComparison.Ordinal) && t.Contains("engram_dream_count{", StringComparison.Ordinal));

        var queues = Lines(text, "engram_search_queue_length{");
        Assert.Contains(queues, l => l.Contains("engram_search_queue_name=\"index\"", StringComparison.Ordinal));
        Assert.Contains(queues, l => l.Contains("engram_search_queue_name=\"embedding\"", StringComparison.Ordinal));
        var dreams = Lines(text, "engram_dream_count{");
        Assert.All(new[] { "pending", "running", "completed", "failed", "canceled" }, status =>
            Assert.Contains(dreams, l => l.Contains($"engram_dream_status=\"{status}\"", StringComparison.Ordinal)));
        Assert.Contains(Lines(text, "engram_dream_session_count{"), l => l.Contains("engram_dream_session_state=\"analyzed\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_gauges_count_this_servers_queue_and_dreams_with_the_progress_of_running_ones()
    {
        var store = await NewStoreAsync("gauges");
        var session = (await DreamSeed.FleetAsync(_server, 1, new HashSet<int>()))[0];
        var pending = await CreateDreamAsync(store, session);
        var running = await CreateDreamAsync(store, session);
        await _server.Engine.Storage.WriteAsync(writer =>
        {
            var dream = writer.GetDream(running)!;
            writer.UpdateDream(dream with { Status = DreamStatus.Running, Progress = new DreamProgress("analyzing", 3, 1, 0) });
            return 0;
        }, CancellationToken.None);

        var gauges = await GaugesUntilAsync(g => g.GetValueOrDefault("engram.dream.count running") == 1);

        Assert.Equal(1, gauges["engram.dream.count pending"]);
        Assert.Equal(0, gauges["engram.dream.count completed"]);
        Assert.Equal(1, gauges["engram.dream.session.count analyzed"]);
        Assert.Equal(2, gauges["engram.dream.session.count unanalyzed"]);
        Assert.True(gauges.ContainsKey("engram.search.queue.length index"));
        Assert.True(gauges.ContainsKey("engram.search.queue.length embedding"));
        Assert.NotEqual(pending, running);
    }

    [Fact]
    public async Task Metrics_name_no_store_path_content_key_or_data_directory()
    {
        const string storeName = "store-name-4a7f1c";
        const string path = "/projects/path-9b2e6d/secret-notes.md";
        const string content = "content-5c8d3e: the launch code is hidden here";
        var store = await NewStoreAsync(storeName);
        var memory = await PostAsync($"/v1/memory_stores/{store}/memories", new { path, content });
        var memoryId = memory.GetProperty("id").GetString()!;
        (await _http.GetAsync($"/v1/memory_stores/{store}/memory_by_path?path={Uri.EscapeDataString(path)}")).Dispose();
        (await _http.GetAsync($"/v1/memory_stores/{store}/memories/{memoryId}")).Dispose();
        (await _http.GetAsync($"/v1/memory_stores/{store}/memories?path_prefix=/projects/path-9b2e6d/&view=full")).Dispose();
        (await _http.GetAsync($"/v1/memory_stores/{store}/memories/mem_not_a_memory_7e1f")).Dispose();
        using (var wrongKey = _server.Http("engram_sk_wrong-secret-value-2d4c"))
        {
            (await wrongKey.GetAsync($"/v1/memory_stores/{store}")).Dispose();
        }

        var text = await ScrapeUntilAsync(t => t.Contains("/v1/memory_stores/{store_id}/memory_by_path", StringComparison.Ordinal));

        string[] secrets =
        [
            storeName, "4a7f1c", "path-9b2e6d", "secret-notes", "content-5c8d3e", "launch code", store, memoryId, "mem_not_a_memory",
            "wrong-secret-value", _server.Admin.Secret, _server.Admin.Key.Id, _server.AdminUserId,
        ];
        Assert.All(secrets, secret => Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain("memstore_", text, StringComparison.Ordinal); // no store id of any server in this process
        Assert.DoesNotContain(Path.GetTempPath().TrimEnd('/'), text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Npgsql_pool_metrics_are_exported_without_the_connection_string()
    {
        // A data source reports its pool as soon as it exists; no connection is opened (the host does not resolve).
        await using var dataSource = NpgsqlDataSource.Create(
            "Host=pool-host-3f9a.invalid;Port=5999;Database=pool-db-3f9a;Username=pool-user-3f9a;Password=pool-password-3f9a;Application Name=pool-app-3f9a;Maximum Pool Size=7");

        var text = await ScrapeUntilAsync(t => t.Contains("db_client_connection_max", StringComparison.Ordinal));

        Assert.Contains(Lines(text, "db_client_connection_count{"), l => l.Contains("db_client_connection_state=\"idle\"", StringComparison.Ordinal));
        Assert.Contains(Lines(text, "db_client_connection_max{"), l => Value(l) >= 7);
        Assert.DoesNotContain("3f9a", text, StringComparison.Ordinal);
        Assert.DoesNotContain("5999", text, StringComparison.Ordinal);
        Assert.DoesNotContain("pool_name", text, StringComparison.Ordinal);
    }

    private async Task<string> ScrapeAsync()
    {
        using var open = _server.Http(authenticated: false);
        using var response = await open.GetAsync(MetricsEndpoint.Path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Scrapes until <paramref name="done"/> holds (the exporter caches a scrape for a moment, and gauges are sampled), for at most 10 s.</summary>
    private async Task<string> ScrapeUntilAsync(Func<string, bool> done)
    {
        var text = await ScrapeAsync();
        for (var attempt = 0; attempt < 100 && !done(text); attempt++)
        {
            await Task.Delay(100);
            text = await ScrapeAsync();
        }

        Assert.True(done(text), text);
        return text;
    }

    /// <summary>This server's own gauges ("instrument attribute" to value), read from its meter factory rather than by name.</summary>
    private Dictionary<string, int> Gauges()
    {
        var factory = _server.Services.GetRequiredService<IMeterFactory>();
        var values = new Dictionary<string, int>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ServerMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => values[$"{instrument.Name} {tags[0].Value}"] = value);
        listener.Start();
        listener.RecordObservableInstruments();
        return values;
    }

    private async Task<Dictionary<string, int>> GaugesUntilAsync(Func<Dictionary<string, int>, bool> done)
    {
        var gauges = Gauges();
        for (var attempt = 0; attempt < 100 && !done(gauges); attempt++)
        {
            await Task.Delay(100);
            gauges = Gauges();
        }

        Assert.True(done(gauges), string.Join(", ", gauges.Select(g => $"{g.Key}={g.Value}")));
        return gauges;
    }

    private static List<string> Lines(string text, string prefix) =>
        text.Split('\n').Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).ToList();

    /// <summary>The sample's value: the first field after the labels (a timestamp may follow it).</summary>
    private static double Value(string line) =>
        double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);

    private async Task<string> NewStoreAsync(string name) => (await PostAsync("/v1/memory_stores", new { name })).GetProperty("id").GetString()!;

    private async Task<string> CreateDreamAsync(string store, string session) =>
        (await PostAsync("/v1/dreams", new
        {
            inputs = new object[] { new { type = "memory_store", memory_store_id = store }, new { type = "sessions", session_ids = new[] { session } } },
            model = "claude-sonnet-4-5",
        })).GetProperty("id").GetString()!;

    private async Task<JsonElement> PostAsync(string url, object body)
    {
        using var response = await _http.PostAsync(url, JsonContent.Create(body));
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
