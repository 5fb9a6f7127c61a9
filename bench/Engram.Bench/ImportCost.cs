using System.Diagnostics;
using Engram.Access;
using Engram.Client;
using Engram.Sessions;
using Engram.Sessions.Formats;
using Engram.Sqlite;

namespace Engram.Bench;

/// <summary>
/// Transcript import at scale: a generated Claude Code corpus imported through the local client, beside the
/// floors it cannot beat in the same process (reading the bytes; reading and parsing every line), with the
/// process's working set sampled throughout to show memory stays flat.
/// </summary>
internal static class ImportCost
{
    private static readonly CancellationToken None = CancellationToken.None;

    public static async Task RunAsync(double gigabytes, Durability durability, bool mask)
    {
        var root = Path.Combine(Path.GetTempPath(), "engram-bench-import-" + Guid.NewGuid().ToString("N")[..8]);
        var corpus = Path.Combine(root, "projects");
        Directory.CreateDirectory(corpus);
        try
        {
            var generated = Stopwatch.StartNew();
            var info = ClaudeCodeCorpus.Generate(corpus, (long)(gigabytes * 1024 * 1024 * 1024), seed: 7);
            Console.WriteLine($"Import cost, {Environment.ProcessorCount} cores: {info.Bytes / 1048576.0:N0} MB of Claude Code transcripts, {info.Sessions:N0} sessions in {info.Projects:N0} projects, {info.Records:N0} records (generated in {generated.Elapsed.TotalSeconds:N1} s)");
            var files = Directory.EnumerateFiles(corpus, "*.jsonl", SearchOption.AllDirectories).ToList();

            var read = await TimeAsync(async () =>
            {
                var buffer = new byte[1 << 20];
                foreach (var file in files)
                {
                    await using var stream = File.OpenRead(file);
                    while (await stream.ReadAsync(buffer, None) > 0)
                    {
                    }
                }
            });
            var lines = 0L;
            var parsed = await TimeAsync(async () =>
            {
                foreach (var file in files)
                {
                    await foreach (var line in JsonLines.ReadAsync(file, cancellationToken: None))
                    {
                        using var document = System.Text.Json.JsonDocument.Parse(line.Text);
                        lines++;
                    }
                }
            });

            var normalized = 0L;
            var readers = await TimeAsync(async () =>
            {
                foreach (var file in files.Where(f => !f.Contains($"{Path.DirectorySeparatorChar}subagents{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
                {
                    var format = await TranscriptFormats.DetectAsync(file, None);
                    await format!.ReadAsync(file, e =>
                    {
                        SecretMasker.Mask(e.Raw, out _);
                        if (e.Text is { } text)
                        {
                            SecretMasker.Mask(text, out _);
                        }

                        normalized++;
                        return ValueTask.CompletedTask;
                    }, None);
                }
            });

            await using var engine = new EngramEngine(SqliteMemoryStorage.Open(new SqliteStorageOptions(Path.Combine(root, "engram.db")) { Durability = durability }), sessions: new SessionOptions(MaskSecrets: mask));
            await engine.Access.BootstrapAsync("user_bench", "bench", None);
            var client = new LocalEngramClient(engine, Caller.LocalOperator("user_bench"));
            GC.Collect();
            var baseline = Environment.WorkingSet;
            using var sampler = new WorkingSetSampler();
            ImportSummary? summary = null;
            var imported = await TimeAsync(async () => summary = await new TranscriptImporter(client).ImportAsync(corpus, new ImportOptions(), sampler, None));
            var again = await TimeAsync(() => new TranscriptImporter(client).ImportAsync(corpus, new ImportOptions(), null, None));
            var database = new FileInfo(Path.Combine(root, "engram.db")).Length + (File.Exists(Path.Combine(root, "engram.db-wal")) ? new FileInfo(Path.Combine(root, "engram.db-wal")).Length : 0);

            var mb = info.Bytes / 1048576.0;
            Console.WriteLine();
            Console.WriteLine("| pass over the corpus | time | MB/s | records or events/s |");
            Console.WriteLine("|---|---:|---:|---:|");
            Console.WriteLine(Invariant($"| read the bytes (floor a) | {read / 1000:N1} s | {mb / (read / 1000):N0} | |"));
            Console.WriteLine(Invariant($"| read and parse every line as JSON (floor b) | {parsed / 1000:N1} s | {mb / (parsed / 1000):N0} | {lines / (parsed / 1000):N0} |"));
            Console.WriteLine(Invariant($"| Engram's readers and masking, nothing stored (floor c) | {readers / 1000:N1} s | {mb / (readers / 1000):N0} | {normalized / (readers / 1000):N0} |"));
            Console.WriteLine(Invariant($"| Engram import (detect, read, {(mask ? "mask, " : "")}store; durability {durability.ToString().ToLowerInvariant()}) | {imported / 1000:N1} s | {mb / (imported / 1000):N0} | {summary!.EventsAdded / (imported / 1000):N0} |"));
            Console.WriteLine(Invariant($"| Engram import again (every file unchanged) | {again / 1000:N2} s | | |"));
            Console.WriteLine();
            Console.WriteLine(Invariant($"events stored: {summary.EventsAdded:N0} in {summary.SessionIds.Count:N0} sessions; skipped records: {summary.Skipped.Count:N0}; database: {database / 1048576.0:N0} MB"));
            Console.WriteLine(Invariant($"working set: {baseline / 1048576.0:N0} MB before the import; during it, by progress: {string.Join(" / ", sampler.ByQuarter.Select(b => $"{b / 1048576.0:N0}"))} MB at 25/50/75/100%; peak {sampler.Peak / 1048576.0:N0} MB"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<double> TimeAsync(Func<Task> body)
    {
        var started = Stopwatch.GetTimestamp();
        await body();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);

    /// <summary>Samples the working set every 100 ms, and at each quarter of the import's progress.</summary>
    private sealed class WorkingSetSampler : IProgress<ImportProgress>, IDisposable
    {
        private readonly Timer _timer;
        private readonly long[] _quarters = new long[4];

        public WorkingSetSampler() => _timer = new Timer(_ => Peak = Math.Max(Peak, Environment.WorkingSet), null, 0, 100);

        public long Peak { get; private set; }

        public IReadOnlyList<long> ByQuarter => _quarters;

        public void Report(ImportProgress value)
        {
            var set = Environment.WorkingSet;
            Peak = Math.Max(Peak, set);
            for (var q = 0; q < 4; q++)
            {
                if (_quarters[q] == 0 && value.Bytes > 0 && value.BytesDone >= value.Bytes * (q + 1) / 4)
                {
                    _quarters[q] = set;
                }
            }
        }

        public void Dispose() => _timer.Dispose();
    }
}
