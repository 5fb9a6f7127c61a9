using System.Diagnostics;
using Engram.Access;
using Engram.Bulk;
using Engram.Client;
using Engram.Memories;
using Engram.Remote;
using Engram.Server;
using Engram.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Engram.Bench;

/// <summary>
/// Bulk loading: <c>engram import</c> of N markdown files (local, and against the server over loopback) beside the
/// same files written one at a time through the client (what a script calling <c>engram write</c> per file does,
/// less the process starts), sequentially and from 8 concurrent writers; then a second import with nothing changed,
/// and <c>engram export</c> of the store. One data directory, durable commits, all in one run.
/// </summary>
internal static class BulkCost
{
    private static readonly CancellationToken None = CancellationToken.None;

    public static async Task RunAsync(int count)
    {
        var root = Path.Combine(Path.GetTempPath(), "engram-bench-bulk-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var files = Path.Combine(root, "files");
            var generator = new SyntheticMemories(seed: 5);
            var memories = Enumerable.Range(0, count).Select(generator.Next).ToList();
            foreach (var (path, content) in memories)
            {
                var file = Path.Combine(files, path.TrimStart('/'));
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                await File.WriteAllTextAsync(file, content);
            }

            Console.WriteLine($"Bulk loading, {Environment.ProcessorCount} cores, {count:N0} markdown files ({memories.Sum(m => (long)m.Content.Length) / 1048576.0:N1} MB), durable commits, each load into a data directory of its own; the machine is shared, so compare rows of one run");
            var relative = memories.Select(m => m.Path.TrimStart('/')).ToList();

            double loop;
            await using (var fresh = await Fresh.OpenAsync(Path.Combine(root, "loop")))
            {
                loop = await TimeAsync(async () =>
                {
                    foreach (var file in relative)
                    {
                        await MemoryWriter.WriteAsync(fresh.Client, fresh.StoreId, "/" + file, await File.ReadAllTextAsync(Path.Combine(files, file)), null, $"imported from {file}");
                    }
                });
            }

            double concurrent;
            await using (var fresh = await Fresh.OpenAsync(Path.Combine(root, "concurrent")))
            {
                concurrent = await TimeAsync(() => Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
                {
                    for (var i = w; i < relative.Count; i += 8)
                    {
                        await MemoryWriter.WriteAsync(fresh.Client, fresh.StoreId, "/" + relative[i], await File.ReadAllTextAsync(Path.Combine(files, relative[i])), null, $"imported from {relative[i]}");
                    }
                }))));
            }

            await using var imported = await Fresh.OpenAsync(Path.Combine(root, "import"));
            var (local, importStore) = (imported.Client, imported.StoreId);
            var summary = default(BulkImportSummary);
            var import = await TimeAsync(async () => summary = await new BulkImporter(local).ImportAsync(importStore, files, new BulkImportOptions()));
            Check(summary!, count, written: true);
            var again = await TimeAsync(async () => summary = await new BulkImporter(local).ImportAsync(importStore, files, new BulkImportOptions()));
            Check(summary!, count, written: false);

            var exported = Path.Combine(root, "exported");
            var export = await TimeAsync(() => new BulkExporter(local).ExportAsync(importStore, exported, null, intoNonEmpty: false));
            var listing = await TimeAsync(async () =>
            {
                string? page = null;
                do
                {
                    page = (await local.ListMemoriesAsync(importStore, new MemoryListQuery(Limit: 20, Page: page, View: MemoryView.Full))).NextPage;
                }
                while (page is not null);
            });
            var (served, overHttp) = await ServedAsync(Path.Combine(root, "served"), files, count);
            Console.WriteLine();
            Console.WriteLine("| load | time | memories/s | vs loop |");
            Console.WriteLine("|---|---:|---:|---:|");
            void Row(string what, double ms) => Console.WriteLine(FormattableString.Invariant($"| {what} | {ms / 1000:N2} s | {count / (ms / 1000):N0} | {loop / ms:N1}x |"));
            Row("single writes, one at a time (baseline: a loop of `engram write` without process starts)", loop);
            Row("single writes, 8 concurrent writers (group commit)", concurrent);
            Row("engram import, local (batches of 250)", import);
            Row("engram import, local, beside a server's indexing worker (second data directory)", served);
            Row("engram import against that server over loopback (one request per batch)", overHttp);
            Row("engram import again, nothing changed (list, read, hash; no write)", again);
            Row("engram export (list with content, atomic file writes)", export);
            Row("list every memory with its content (export's reads alone)", listing);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>
    /// The import against a server over loopback, on a data directory of its own, beside a local import into the same
    /// engine while the server runs: both then share the machine with the server's indexing worker, which indexes what
    /// they write as it would in a real migration, so the difference between the two is the HTTP path.
    /// </summary>
    private static async Task<(double Local, double Remote)> ServedAsync(string directory, string files, int count)
    {
        var (data, _) = DataDirectory.Initialize(directory, TimeProvider.System, "bench");
        await using var engine = new EngramEngine(data.OpenStorage());
        var admin = await engine.Access.BootstrapAsync(data.Manifest.LocalUserId, "bench", None);
        await using var app = EngramServer.Build(engine, new ServerOptions { Urls = ["http://127.0.0.1:0"], RateLimitPerSecond = 0 }, logging => logging.ClearProviders());
        await app.StartAsync();
        var local = new LocalEngramClient(engine, await engine.Access.AuthenticateAsync(admin.Secret, None));
        await using var remote = new RemoteEngramClient(app.Urls.First(), admin.Secret);
        var summary = default(BulkImportSummary);

        var localStore = (await local.CreateStoreAsync(new CreateStoreRequest("local"))).Id;
        var localTime = await TimeAsync(async () => summary = await new BulkImporter(local).ImportAsync(localStore, files, new BulkImportOptions()));
        Check(summary!, count, written: true);
        while (await engine.Indexer.DrainAsync(null, None) > 0)
        {
            // The first import's index backlog is cleared, so the second starts as the first did.
        }

        var remoteStore = (await remote.CreateStoreAsync(new CreateStoreRequest("remote"))).Id;
        var remoteTime = await TimeAsync(async () => summary = await new BulkImporter(remote).ImportAsync(remoteStore, files, new BulkImportOptions()));
        Check(summary!, count, written: true);
        await app.StopAsync();
        return (localTime, remoteTime);
    }

    /// <summary>A new data directory with one store, acting as its admin.</summary>
    private sealed class Fresh(EngramEngine engine, LocalEngramClient client, string storeId) : IAsyncDisposable
    {
        public LocalEngramClient Client => client;

        public string StoreId => storeId;

        public static async Task<Fresh> OpenAsync(string directory)
        {
            var (data, _) = DataDirectory.Initialize(directory, TimeProvider.System, "bench");
            var engine = new EngramEngine(data.OpenStorage());
            var admin = await engine.Access.BootstrapAsync(data.Manifest.LocalUserId, "bench", None);
            var client = new LocalEngramClient(engine, await engine.Access.AuthenticateAsync(admin.Secret, None));
            return new Fresh(engine, client, (await client.CreateStoreAsync(new CreateStoreRequest("bench"))).Id);
        }

        public ValueTask DisposeAsync() => engine.DisposeAsync();
    }

    private static void Check(BulkImportSummary summary, int count, bool written)
    {
        if ((written ? summary.Created : summary.Unchanged) != count || summary.Failed.Count > 0)
        {
            throw new InvalidOperationException($"import did not do what was measured: {summary.Created} created, {summary.Unchanged} unchanged, {summary.Failed.Count} failed ({summary.Failed.FirstOrDefault()})");
        }
    }

    private static async Task<double> TimeAsync(Func<Task> body)
    {
        var started = Stopwatch.GetTimestamp();
        await body();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }
}
