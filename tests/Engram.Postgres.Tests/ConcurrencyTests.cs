using System.Diagnostics;
using Engram.Errors;
using Engram.Memories;
using Engram.Storage;
using Xunit.Abstractions;

namespace Engram.Postgres.Tests;

/// <summary>
/// Several nodes writing one store at once: the store row lock keeps preconditions, the no-op rule, path-overlap
/// conflicts and the version chain exactly as one process would.
/// </summary>
public sealed class ConcurrencyTests(ITestOutputHelper output)
{
    private const int Writers = 16;
    private const int IncrementsPerWriter = 200;

    [Fact]
    public async Task Conditional_increments_from_sixteen_writers_on_two_nodes_all_land_in_one_linear_history()
    {
        await using var nodes = await TwoNodes.StartAsync();
        var store = await nodes.Clients[0].CreateStoreAsync(new CreateStoreRequest("counter"));
        var memory = (await nodes.Clients[0].CreateMemoryAsync(store.Id, new CreateMemoryRequest("/counter", Counter(0, "start")))).Value;

        var conflicts = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            // Half the writers on each node.
            var client = nodes.Clients[writer % 2];
            for (var done = 0; done < IncrementsPerWriter;)
            {
                var current = await client.GetMemoryAsync(store.Id, memory.Id);
                var next = Count(current.Content!) + 1;

                // The writer's name is in the content, so no two writers ever write the same text: a stale increment
                // cannot pass as the no-op the compatible API allows for content that is already what was asked for.
                var request = new UpdateMemoryRequest(Counter(next, $"writer {writer}"), ExpectedContentSha256: current.ContentSha256);
                try
                {
                    await client.UpdateMemoryAsync(store.Id, memory.Id, request);
                    done++;
                }
                catch (PreconditionFailedException)
                {
                    Interlocked.Increment(ref conflicts);
                }
            }
        })));
        clock.Stop();

        var final = await nodes.Clients[1].GetMemoryAsync(store.Id, memory.Id);
        Assert.Equal(Writers * IncrementsPerWriter, Count(final.Content!));

        var versions = await AllVersionsAsync(nodes.Storages[0], store.Id, memory.Id);
        Assert.Equal(Writers * IncrementsPerWriter + 1, versions.Count);
        var byCount = versions.OrderBy(v => Count(v.Content!)).ToList();
        for (var i = 0; i < byCount.Count; i++)
        {
            // Every count from 0 to 3,200 exactly once (two versions from one base would share a count), each written
            // after the one it increments.
            Assert.Equal(i, Count(byCount[i].Content!));
            Assert.True(i == 0 || byCount[i].CreatedAt >= byCount[i - 1].CreatedAt, $"version {i} is older than the one it increments");
        }

        Assert.Equal(final.MemoryVersionId, byCount[^1].Id);
        Assert.Empty(await nodes.Storages[0].CheckIntegrityAsync(CancellationToken.None));
        output.WriteLine(
            $"{Writers} writers on 2 nodes, {Writers * IncrementsPerWriter} increments in {clock.Elapsed.TotalSeconds:F1} s " +
            $"({Writers * IncrementsPerWriter / clock.Elapsed.TotalSeconds:F0}/s), {conflicts} precondition failures retried");
    }

    [Fact]
    public async Task Two_nodes_creating_a_path_and_a_path_below_it_at_once_never_both_succeed()
    {
        await using var nodes = await TwoNodes.StartAsync();
        var store = await nodes.Clients[0].CreateStoreAsync(new CreateStoreRequest("overlap"));
        const int Rounds = 40;
        var outcomes = new List<(bool Parent, bool Child)>();
        for (var round = 0; round < Rounds; round++)
        {
            var parent = $"/r{round}/a";
            var child = $"/r{round}/a/b";
            using var start = new Barrier(2);
            var results = await Task.WhenAll(
                Task.Run(() => TryCreate(nodes.Clients[round % 2], store.Id, parent, start)),
                Task.Run(() => TryCreate(nodes.Clients[(round + 1) % 2], store.Id, child, start)));
            Assert.False(results[0] && results[1], $"round {round}: both {parent} and {child} were created");
            Assert.True(results[0] || results[1], $"round {round}: neither {parent} nor {child} was created");
            outcomes.Add((results[0], results[1]));
        }

        var listed = await nodes.Storages[1].ListMemoriesAsync(store.Id, "/", null, 1_000, false, CancellationToken.None);
        Assert.Equal(Rounds, listed.Count);
        Assert.Empty(await nodes.Storages[1].CheckIntegrityAsync(CancellationToken.None));
        output.WriteLine($"{Rounds} rounds: the parent won {outcomes.Count(o => o.Parent)}, the child {outcomes.Count(o => o.Child)}");
    }

    private static async Task<bool> TryCreate(Engram.Client.IEngramClient client, string storeId, string path, Barrier start)
    {
        start.SignalAndWait();
        try
        {
            await client.CreateMemoryAsync(storeId, new CreateMemoryRequest(path, $"memory at {path}"));
            return true;
        }
        catch (PathConflictException)
        {
            return false;
        }
    }

    private static string Counter(int count, string writer) => $"count={count}\nlast={writer}\n";

    private static int Count(string content) => int.Parse(content.Split('\n')[0]["count=".Length..], System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<List<MemoryVersion>> AllVersionsAsync(PostgresStorage storage, string storeId, string memoryId)
    {
        var all = new List<MemoryVersion>();
        TimeIdCursor? after = null;
        while (true)
        {
            var page = await storage.ListVersionsAsync(storeId, new VersionFilter(MemoryId: memoryId), after, 1_000, withContent: true, CancellationToken.None);
            all.AddRange(page);
            if (page.Count < 1_000)
            {
                return all;
            }

            after = new TimeIdCursor(page[^1].CreatedAt, page[^1].Id);
        }
    }
}
