using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Engram.Access;
using Engram.Errors;
using Engram.Memories;
using Engram.Server;
using Engram.Sqlite;
using Microsoft.Extensions.Logging;

namespace Engram.Bench;

/// <summary>
/// What rendering a UI page costs: the inbox with 1,000 pending proposals (its first page of 50, and a later one) and
/// a memory page with 500 versions, each through the real server pipeline (loopback Kestrel, a signed-in cookie),
/// beside the JSON API's list calls for the same data, in one run. Server time is the ASP.NET Core hosting activity's
/// duration (request in to response written); the client's time over loopback is printed beside it.
/// </summary>
internal static partial class UiCost
{
    private const int Proposals = 1_000;
    private const int Versions = 500;
    private const int Agents = 10;
    private const int WarmUp = 50;

    public static async Task RunAsync(int runs)
    {
        var root = Path.Combine(Path.GetTempPath(), "engram-bench-ui-" + Guid.NewGuid().ToString("N")[..8]);
        var serverTimes = new ConcurrentDictionary<string, double>(StringComparer.Ordinal);
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                if (activity.OperationName == "Microsoft.AspNetCore.Hosting.HttpRequestIn")
                {
                    serverTimes[activity.TraceId.ToHexString()] = activity.Duration.TotalMilliseconds;
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        try
        {
            var (data, _) = DataDirectory.Initialize(root, TimeProvider.System, "bench");
            await using var engine = new EngramEngine(data.OpenStorage());
            var admin = await engine.Access.BootstrapAsync(data.Manifest.LocalUserId, "bench", CancellationToken.None);
            var caller = await engine.Access.AuthenticateAsync(admin.Secret, CancellationToken.None);
            await using var app = EngramServer.Build(engine, new ServerOptions { Urls = ["http://127.0.0.1:0"], RateLimitPerSecond = 0, RunDreams = false }, logging => logging.ClearProviders());
            await app.StartAsync();
            var url = new Uri(app.Urls.First());

            var seeding = Stopwatch.StartNew();
            var store = await engine.Memories.CreateStoreAsync(caller, new CreateStoreRequest("bench", "UI benchmark"), CancellationToken.None);
            var agents = new List<Caller>();
            for (var a = 0; a < Agents; a++)
            {
                var token = (await engine.Access.RegisterSessionAsync(
                    caller, new RegisterSessionRequest($"agent-{a}", Stores: [new SessionAttachment(store.Id, AttachmentAccess.ReadWrite, "")]), CancellationToken.None)).Token;
                agents.Add(await engine.Access.AuthenticateAsync(token, CancellationToken.None));
            }

            for (var i = 0; i < Proposals; i++)
            {
                var filed = await engine.Memories.CreateMemoryAsync(agents[i % Agents], store.Id, new CreateMemoryRequest(
                    $"/org/team-{i % 20:D2}/note-{i:D4}.md", $"# Note {i}\n\n- Something agent {i % Agents} learned about step {i}.\n", $"learned in run {i}"), CancellationToken.None);
                if (!filed.IsProposed)
                {
                    throw new InvalidOperationException("an agent's write outside its area was applied; the benchmark needs proposals");
                }
            }

            var body = string.Join('\n', Enumerable.Range(0, 40).Select(l => $"- line {l}: a fact about the deploy pipeline and its checks."));
            var memory = (await engine.Memories.CreateMemoryAsync(caller, store.Id, new CreateMemoryRequest("/org/runbook.md", "---\ntitle: Runbook\ndescription: How we deploy\n---\n# Runbook\n\n" + body + "\n"), CancellationToken.None)).Value;
            for (var v = 1; v < Versions; v++)
            {
                memory = (await engine.Memories.UpdateMemoryAsync(caller, store.Id, memory.Id,
                    new UpdateMemoryRequest("---\ntitle: Runbook\ndescription: How we deploy\n---\n# Runbook\n\n" + body.Replace($"line {v % 40}:", $"line {v % 40} (rev {v}):", StringComparison.Ordinal) + "\n", Reason: $"revision {v}"), CancellationToken.None)).Value;
            }

            Console.WriteLine($"UI rendering cost, {Environment.ProcessorCount} cores; {Proposals:N0} pending proposals from {Agents} agent sessions, a memory with {Versions} versions (seeded in {seeding.Elapsed.TotalSeconds:0.0} s); {runs} runs per case after {WarmUp} warm-up");
            Console.WriteLine("(server: ASP.NET Core's request activity, request in to response written; client: the same request over loopback, body read)");

            var cookies = new CookieContainer();
            using var browser = new HttpClient(new SocketsHttpHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = url };
            await SignInAsync(browser, admin.Secret);
            using var api = new HttpClient { BaseAddress = url };
            api.DefaultRequestHeaders.Add("x-api-key", admin.Secret);
            var s = $"/v1/memory_stores/{store.Id}";

            // The inbox reads every pending proposal to count and order them, then renders 50: its baseline is the API listing them all.
            var listAll = await TimeAsync(api, serverTimes, runs, Pages(s, 10));
            var onePage = await TimeAsync(api, serverTimes, runs, $"{s}/proposals?status=pending&limit=50");
            var rows = new List<(string Case, Timing Ui, string Baseline, Timing Api)>
            {
                ("inbox, first page (50 of 1,000)", await TimeAsync(browser, serverTimes, runs, "/ui/proposals"), "API: list all 1,000 pending (10 pages of 100)", listAll),
                ("inbox, page 11 (50 of 1,000)", await TimeAsync(browser, serverTimes, runs, "/ui/proposals?page=11"), "API: list all 1,000 pending (10 pages of 100)", listAll),
                ("memory page (500 versions, 50 shown)", await TimeAsync(browser, serverTimes, runs, $"/ui/stores/bench/memory?path=/org/runbook.md"),
                    "API: the memory (full) + 50 versions", await TimeAsync(api, serverTimes, runs, $"{s}/memories/{memory.Id}?view=full", $"{s}/memory_versions?memory_id={memory.Id}&limit=50")),
            };

            Console.WriteLine();
            Console.WriteLine("| page | server p50 | server p99 | client p50 | baseline | server p50 | server p99 | client p50 | page / baseline (server p50) |");
            Console.WriteLine("|---|---:|---:|---:|---|---:|---:|---:|---:|");
            foreach (var (name, ui, baseline, apiTiming) in rows)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {name} | {ui.ServerP50:0.0} ms | {ui.ServerP99:0.0} ms | {ui.ClientP50:0.0} ms | {baseline} | {apiTiming.ServerP50:0.0} ms | {apiTiming.ServerP99:0.0} ms | {apiTiming.ClientP50:0.0} ms | {ui.ServerP50 / apiTiming.ServerP50:0.0}x |"));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"For scale: one API page of 50 pending proposals, server p50 {onePage.ServerP50:0.0} ms, p99 {onePage.ServerP99:0.0} ms."));
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Target: p50 under 100 ms. Measured (server p50): inbox {rows[0].Ui.ServerP50:0.0} ms, memory page {rows[2].Ui.ServerP50:0.0} ms."));
            await app.StopAsync();
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static string[] Pages(string store, int count) => [.. Enumerable.Range(0, count).Select(i => $"{store}/proposals?status=pending&limit=100&page=")];

    /// <summary>Server and client time of one case: each run requests every URL in order (following next_page tokens for list pages).</summary>
    private sealed record Timing(double ServerP50, double ServerP99, double ClientP50);

    private static async Task<Timing> TimeAsync(HttpClient http, ConcurrentDictionary<string, double> serverTimes, int runs, params string[] urls)
    {
        for (var i = 0; i < WarmUp; i++)
        {
            await RunOnceAsync(http, serverTimes, urls);
        }

        var server = new List<double>(runs);
        var client = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            var (s, c) = await RunOnceAsync(http, serverTimes, urls);
            server.Add(s);
            client.Add(c);
        }

        return new Timing(Quantile(server, 0.50), Quantile(server, 0.99), Quantile(client, 0.50));
    }

    private static async Task<(double Server, double Client)> RunOnceAsync(HttpClient http, ConcurrentDictionary<string, double> serverTimes, string[] urls)
    {
        double server = 0, client = 0;
        string? next = null;
        foreach (var template in urls)
        {
            var url = template.EndsWith("&page=", StringComparison.Ordinal) ? next is null ? template[..^"&page=".Length] : template + Uri.EscapeDataString(next) : template;
            var trace = ActivityTraceId.CreateRandom();
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Add("traceparent", $"00-{trace.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
            var started = Stopwatch.GetTimestamp();
            using var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            client += Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"{url}: {(int)response.StatusCode} {text[..Math.Min(300, text.Length)]}");
            }

            next = NextPage().Match(text) is { Success: true } match ? match.Groups[1].Value : null;
            server += await ServerTimeAsync(serverTimes, trace.ToHexString());
        }

        return (server, client);
    }

    /// <summary>The hosting activity stops just after the response is written, which the client may see first: wait for it briefly.</summary>
    private static async Task<double> ServerTimeAsync(ConcurrentDictionary<string, double> serverTimes, string trace)
    {
        for (var i = 0; i < 200; i++)
        {
            if (serverTimes.TryRemove(trace, out var ms))
            {
                return ms;
            }

            await Task.Delay(1);
        }

        throw new InvalidOperationException("the server's request activity was not seen: is the ASP.NET Core activity source listened to?");
    }

    /// <summary>Signs in as a browser does: the form's antiforgery token from GET, then the key posted with it.</summary>
    private static async Task SignInAsync(HttpClient browser, string key)
    {
        var form = await browser.GetStringAsync("/ui/sign-in");
        var token = AntiforgeryToken().Match(form).Groups[1].Value;
        using var response = await browser.PostAsync("/ui/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["api_key"] = key,
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            ["return"] = "/ui/proposals",
        }));
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"sign-in failed: {(int)response.StatusCode}");
        }
    }

    private static double Quantile(List<double> values, double q)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(q * sorted.Count))];
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex("\"next_page\":\"([^\"]+)\"")]
    private static partial Regex NextPage();
}
