using System.Diagnostics;
using System.Globalization;
using Engram.Access;
using Engram.Access.Policies;
using Engram.Identity;
using Engram.Memories;
using Engram.Server;
using Engram.Sqlite;
using Microsoft.Extensions.Logging;

namespace Engram.Bench;

/// <summary>
/// Whether response time tells an agent that a memory it may not read exists: for each read surface, requests for
/// an unreadable memory and for a missing one, interleaved (one of each per round) over loopback HTTP against the
/// real server, with the medians and their ratio. Near 1.0 means the time says nothing; the spread between two runs
/// of the same case is the noise to compare it with.
/// </summary>
internal static class OracleTiming
{
    public static async Task RunAsync(int rounds)
    {
        var root = Path.Combine(Path.GetTempPath(), "engram-bench-oracle-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var (data, _) = DataDirectory.Initialize(root, TimeProvider.System, "bench");
            await using var engine = new EngramEngine(data.OpenStorage());
            var admin = await engine.Access.BootstrapAsync(data.Manifest.LocalUserId, "bench", CancellationToken.None);
            var caller = await engine.Access.AuthenticateAsync(admin.Secret, CancellationToken.None);
            await using var app = EngramServer.Build(engine, new ServerOptions { Urls = ["http://127.0.0.1:0"], RateLimitPerSecond = 0 }, logging => logging.ClearProviders());
            await app.StartAsync();

            var store = await engine.Memories.CreateStoreAsync(caller, new CreateStoreRequest("oracle"), CancellationToken.None);
            await engine.Access.AddPolicyAsync(caller, new AddPolicyRequest(store.Id, "agent:*", "/secret/**", ["read", "list", "propose"], "deny"), CancellationToken.None);
            var hidden = (await engine.Memories.CreateMemoryAsync(caller, store.Id, new CreateMemoryRequest("/secret/plans.md", new string('x', 1000)), CancellationToken.None)).Value;
            var token = (await engine.Access.RegisterSessionAsync(
                caller, new RegisterSessionRequest("scout", Stores: [new SessionAttachment(store.Id, AttachmentAccess.ReadWrite, "")]), CancellationToken.None)).Token;
            var missingId = engine.Ids.NewId(IdPrefix.Memory);
            var missingVersion = engine.Ids.NewId(IdPrefix.MemoryVersion);

            using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            http.DefaultRequestHeaders.Add("x-api-key", token);
            var s = $"v1/memory_stores/{store.Id}";
            var cases = new (string Surface, string Unreadable, string Missing)[]
            {
                ("memory by id", $"{s}/memories/{hidden.Id}", $"{s}/memories/{missingId}"),
                ("memory by path", $"{s}/memory_by_path?path=/secret/plans.md", $"{s}/memory_by_path?path=/secret/other.md"),
                ("version by id", $"{s}/memory_versions/{hidden.MemoryVersionId}", $"{s}/memory_versions/{missingVersion}"),
                ("versions of a memory", $"{s}/memory_versions?memory_id={hidden.Id}", $"{s}/memory_versions?memory_id={missingId}"),
                ("list under the path", $"{s}/memories?path_prefix=/secret/", $"{s}/memories?path_prefix=/secrets/"),
            };

            Console.WriteLine($"Existence by timing: {rounds} interleaved rounds per surface (one unreadable, one missing), loopback HTTP, an agent session, {Environment.ProcessorCount} cores");
            Console.WriteLine("| surface | unreadable median | missing median | ratio | unreadable p90 | missing p90 |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|");
            foreach (var (surface, unreadable, missing) in cases)
            {
                for (var i = 0; i < 20; i++)
                {
                    await TimeAsync(http, unreadable);
                    await TimeAsync(http, missing);
                }

                var a = new List<double>(rounds);
                var b = new List<double>(rounds);
                for (var i = 0; i < rounds; i++)
                {
                    // Alternate which goes first, so neither always follows the other.
                    if (i % 2 == 0)
                    {
                        a.Add(await TimeAsync(http, unreadable));
                        b.Add(await TimeAsync(http, missing));
                    }
                    else
                    {
                        b.Add(await TimeAsync(http, missing));
                        a.Add(await TimeAsync(http, unreadable));
                    }
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {surface} | {Quantile(a, 0.5):0.000} ms | {Quantile(b, 0.5):0.000} ms | {Quantile(a, 0.5) / Quantile(b, 0.5):0.00} | {Quantile(a, 0.9):0.000} ms | {Quantile(b, 0.9):0.000} ms |"));
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<double> TimeAsync(HttpClient http, string url)
    {
        var watch = Stopwatch.StartNew();
        using var response = await http.GetAsync(url);
        await response.Content.ReadAsByteArrayAsync();
        return watch.Elapsed.TotalMilliseconds;
    }

    private static double Quantile(List<double> values, double q)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(q * sorted.Count))];
    }
}
