using Engram.Conformance;
using System.Diagnostics;
using System.Globalization;
using Engram.Access;
using Engram.Memories;

namespace Engram.Sqlite.Tests;

public sealed class CrashSafetyTests
{
    /// <summary>Kill count; raise it for a longer run with ENGRAM_CRASH_ITERATIONS (see docs/DURABILITY.md).</summary>
    private static readonly int Iterations =
        int.TryParse(Environment.GetEnvironmentVariable("ENGRAM_CRASH_ITERATIONS"), CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 50;

    [Fact]
    public async Task Every_acknowledged_write_survives_sigkill_at_random_moments()
    {
        using var directory = new TemporaryDirectory();
        var database = Path.Combine(directory.Path, "engram.db");
        var random = new Random(20261125);
        var acknowledged = new Dictionary<string, (string MemoryId, string Sha256)>();
        var totalAcks = 0;

        for (var iteration = 0; iteration < Iterations; iteration++)
        {
            var acks = await RunAndKillAsync(database, delay: TimeSpan.FromMilliseconds(random.Next(30, 400)));
            totalAcks += acks.Count;
            foreach (var (version, memory, sha) in acks)
            {
                acknowledged[version] = (memory, sha);
            }

            await using var storage = SqliteMemoryStorage.Open(new SqliteStorageOptions(database));
            Assert.Empty(await storage.CheckIntegrityAsync(CancellationToken.None));
            var engine = new EngramEngine(storage);
            var caller = new Caller(Actor.User("user_checker"));
            var storeId = (await engine.Memories.ListStoresAsync(caller, new StoreListQuery(), CancellationToken.None)).Data.Single().Id;
            foreach (var (version, memory, sha) in acks)
            {
                var stored = await storage.GetVersionAsync(storeId, version, withContent: true, CancellationToken.None);
                Assert.True(stored is not null, $"iteration {iteration}: acknowledged version {version} is missing after SIGKILL");
                Assert.Equal(memory, stored.MemoryId);
                Assert.Equal(sha, stored.ContentSha256);
                Assert.Equal(sha, MemoryContent.Sha256(stored.Content!));
            }
        }

        // Later crashes and recoveries lost nothing acknowledged earlier either.
        await using (var storage = SqliteMemoryStorage.Open(new SqliteStorageOptions(database)))
        {
            var storeId = (await storage.ListStoresAsync(new Storage.StoreFilter(false, null, null), null, 1, CancellationToken.None)).Single().Id;
            foreach (var (version, (memory, sha)) in acknowledged)
            {
                var stored = await storage.GetVersionAsync(storeId, version, withContent: false, CancellationToken.None);
                Assert.Equal((memory, sha), (stored?.MemoryId, stored?.ContentSha256));
            }
        }

        Assert.True(totalAcks > Iterations, $"only {totalAcks} writes were acknowledged over {Iterations} runs; the writer barely ran");
    }

    private static async Task<List<(string Version, string Memory, string Sha256)>> RunAndKillAsync(string database, TimeSpan delay)
    {
        var writer = Path.Combine(AppContext.BaseDirectory, "Engram.Sqlite.CrashWriter.dll");
        var start = new ProcessStartInfo("dotnet", [writer, database, "4"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var lines = new List<string>();
        var firstAck = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reader = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                lines.Add(line);
                if (line.StartsWith("ACK ", StringComparison.Ordinal))
                {
                    firstAck.TrySetResult();
                }
            }
        });
        var errors = process.StandardError.ReadToEndAsync();

        // Kill at a random moment after writing has begun (or give up waiting after 20 s and kill anyway).
        await Task.WhenAny(firstAck.Task, Task.Delay(TimeSpan.FromSeconds(20)));
        await Task.Delay(delay);
        process.Kill(entireProcessTree: true); // SIGKILL on Unix
        await process.WaitForExitAsync();
        await reader;
        var stderr = await errors;
        Assert.True(firstAck.Task.IsCompleted, $"the writer acknowledged nothing before it was killed: {stderr}");

        // A line cut by the kill is not an acknowledgement.
        return lines
            .Select(line => line.Split(' '))
            .Where(parts => parts is ["ACK", _, _, { Length: 64 }])
            .Select(parts => (parts[1], parts[2], parts[3]))
            .ToList();
    }
}
