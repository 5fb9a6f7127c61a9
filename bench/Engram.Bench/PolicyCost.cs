using System.Diagnostics;
using System.Globalization;
using Engram.Access;
using Engram.Access.Policies;
using Engram.Memories;
using Engram.Sqlite;
using Engram.Storage;

namespace Engram.Bench;

/// <summary>
/// The cost of path policies: one evaluation against 1,000 rules (p50, p99), and listing 10,000 memories
/// through the service with policy filtering beside the same listing read straight from storage.
/// </summary>
internal static class PolicyCost
{
    public static async Task RunAsync()
    {
        Console.WriteLine($"Policy cost, {Environment.ProcessorCount} cores");
        EvaluationCost();
        await ListingCostAsync();
    }

    private static void EvaluationCost()
    {
        var random = new Random(7);
        var rules = new List<PolicyRule>();
        string[] patterns = ["/**", "/org/**", "/teams/{0}/**", "/agents/{{agent}}/**", "/scratch/{{session}}/**", "/teams/{0}/*.md", "/projects/{0}/docs/**"];
        for (var i = 0; i < 1_000; i++)
        {
            var subject = (i % 4) switch
            {
                0 => $"principal:user_{random.Next(200)}",
                1 => $"group:team{random.Next(50)}",
                2 => $"agent:agent{random.Next(100)}",
                _ => random.Next(10) == 0 ? "agent:*" : "role:member",
            };
            var pattern = string.Format(CultureInfo.InvariantCulture, patterns[random.Next(patterns.Length)], $"t{random.Next(50)}");
            rules.Add(new PolicyRule($"pol_{i}", random.Next(4) == 0 ? null : $"memstore_{random.Next(20)}", new PolicySubject(subject), PathGlob.Parse(pattern, out _)!,
                (Capability)random.Next(1, 256), random.Next(8) == 0 ? PolicyEffect.Deny : PolicyEffect.Allow, "", DateTimeOffset.UnixEpoch));
        }

        var set = new PolicySet(rules);
        var member = new Caller(Actor.User("user_7"), "apikey_1", PrincipalRole.Member) { Groups = new HashSet<string> { "team3", "team9" } };
        var agent = new Caller(Actor.Session("sesn_1")) { Session = new SessionGrant("sesn_1", "agent5", new Dictionary<string, AttachmentAccess> { ["memstore_3"] = AttachmentAccess.ReadWrite }) };
        string[] paths = ["/org/handbook.md", "/teams/t3/runbook.md", "/agents/agent5/notes.md", "/scratch/sesn_1/x.md", "/projects/t9/docs/api.md", "/elsewhere/x.md"];

        Console.WriteLine();
        Console.WriteLine("| evaluation, 1,000 rules | p50 | p99 | matching rules examined |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var (name, caller) in new[] { ("member in 2 groups", member), ("agent session", agent) })
        {
            var samples = new List<double>(200_000);
            for (var i = 0; i < 200_000; i++)
            {
                var path = paths[i % paths.Length];
                var started = Stopwatch.GetTimestamp();
                _ = set.Evaluate(caller, "memstore_3", path);
                samples.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
            }

            samples.Sort();
            var examined = PolicySubject.KeysOf(caller).Sum(key => rules.Count(r => r.Subject.Value == key));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {samples[samples.Count / 2]:0.00} µs | {samples[samples.Count * 99 / 100]:0.00} µs | {examined} of 1,000 |"));
        }
    }

    private static async Task ListingCostAsync()
    {
        const int count = 10_000;
        var root = Path.Combine(Path.GetTempPath(), "engram-bench-policy-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var (data, _) = DataDirectory.Initialize(root, TimeProvider.System, "bench");
            await using var engine = new EngramEngine(data.OpenStorage(Durability.Normal));
            var admin = await engine.Access.AuthenticateAsync((await engine.Access.BootstrapAsync(data.Manifest.LocalUserId, "bench", CancellationToken.None)).Secret, CancellationToken.None);
            var store = await engine.Memories.CreateStoreAsync(admin, new CreateStoreRequest("bench"), CancellationToken.None);
            await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
            {
                for (var i = w; i < count; i += 8)
                {
                    var path = (i % 2) switch
                    {
                        0 => $"/org/section{i % 40:D2}/page{i:D5}.md",
                        _ => $"/agents/agent{i % 20}/note{i:D5}.md",
                    };
                    await engine.Memories.CreateMemoryAsync(admin, store.Id, new CreateMemoryRequest(path, "x"), CancellationToken.None);
                }
            })));
            var session = await engine.Access.AuthenticateAsync((await engine.Access.RegisterSessionAsync(admin,
                new RegisterSessionRequest("agent3", Stores: [new SessionAttachment(store.Id, AttachmentAccess.ReadWrite, "")]), CancellationToken.None)).Token, CancellationToken.None);
            // An agent that may list org knowledge and its own notes only: half the store, and 1/20 of the other half.
            foreach (var rule in (await engine.Access.ListPoliciesAsync(admin, store.Id, CancellationToken.None)).Where(r => r.StoreId == store.Id && r.Subject.Value == "agent:*" && r.Path.Pattern == "/**"))
            {
                await engine.Access.RemovePolicyAsync(admin, rule.Id, CancellationToken.None);
            }

            await engine.Access.AddPolicyAsync(admin, new AddPolicyRequest(store.Id, "agent:*", "/org/**", ["read", "list"]), CancellationToken.None);

            async Task<(int Items, double Ms)> TimeAsync(Func<Task<int>> list)
            {
                await list(); // warm
                var best = double.MaxValue;
                var items = 0;
                for (var run = 0; run < 5; run++)
                {
                    var started = Stopwatch.GetTimestamp();
                    items = await list();
                    best = Math.Min(best, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }

                return (items, best);
            }

            async Task<int> RawListAsync()
            {
                var total = 0;
                PathBound? from = null;
                while (true)
                {
                    var rows = await engine.Storage.ListMemoriesAsync(store.Id, "/", from, 100, false, CancellationToken.None);
                    total += rows.Count;
                    if (rows.Count < 100)
                    {
                        return total;
                    }

                    from = new PathBound(rows[^1].Path, false);
                }
            }

            var raw = await TimeAsync(RawListAsync);
            async Task<int> ThroughService(Caller caller)
            {
                var total = 0;
                string? page = null;
                do
                {
                    var result = await engine.Memories.ListMemoriesAsync(caller, store.Id, new MemoryListQuery(Limit: 100, Page: page), CancellationToken.None);
                    total += result.Data.Count;
                    page = result.NextPage;
                }
                while (page is not null);

                return total;
            }

            var asAdmin = await TimeAsync(() => ThroughService(admin));
            var asAgent = await TimeAsync(() => ThroughService(session));
            raw = raw with { Ms = Math.Min(raw.Ms, (await TimeAsync(RawListAsync)).Ms) };

            Console.WriteLine();
            Console.WriteLine("| listing 10,000 memories, pages of 100 | items | time (best of 5) | vs storage |");
            Console.WriteLine("|---|---:|---:|---:|");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| straight from storage, no policy (baseline) | {raw.Items:N0} | {raw.Ms:0.0} ms | 1.00x |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| service, admin (every path allowed, every path evaluated) | {asAdmin.Items:N0} | {asAdmin.Ms:0.0} ms | {asAdmin.Ms / raw.Ms:0.00}x |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| service, agent session (policy hides half the store) | {asAgent.Items:N0} | {asAgent.Ms:0.0} ms | {asAgent.Ms / raw.Ms:0.00}x |"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
