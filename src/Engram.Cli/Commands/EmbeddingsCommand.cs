using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Engram.Client;
using Engram.Errors;
using Engram.Memories;
using Engram.Search;
using Engram.Wire;

namespace Engram.Cli.Commands;

/// <summary>
/// <c>engram embeddings [--wait]</c>: how far semantic search's embedding is, per store; with <c>--wait</c>, embeds
/// what waits now (a local data directory, where no worker runs) or waits for the server's worker, with progress.
/// </summary>
internal static class EmbeddingsCommand
{
    /// <summary>How often <c>--wait</c> asks a server how far its worker is.</summary>
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    public static Command Build()
    {
        var wait = new Option<bool>("--wait")
        {
            Description = "Embed what waits now, with progress on stderr (locally; stopping it is safe, the rest stay queued), or against a server wait for its worker to finish",
        };
        return new Command("embeddings", "Semantic search per store: memories, embedded, pending, the model and the embedding rate (store admins)").With(wait).Handle(async (run, ct) =>
        {
            var stores = new List<MemoryStore>();
            if (run.Parse.GetValue(GlobalOptions.Store) is not null)
            {
                stores.Add(await run.StoreAsync(ct));
            }
            else
            {
                await foreach (var store in StoreResolver.ListAllAsync(run.Client(), includeArchived: false, ct))
                {
                    stores.Add(store);
                }
            }

            var statuses = new List<(MemoryStore Store, SearchStatus Status)>();
            foreach (var store in stores)
            {
                try
                {
                    statuses.Add((store, await run.Client().SearchStatusAsync(store.Id, ct)));
                }
                catch (PermissionDeniedException) when (run.Parse.GetValue(GlobalOptions.Store) is null)
                {
                    // Not an admin of this store: its counts are not the caller's to see.
                }
            }

            if (run.Parse.GetValue(wait))
            {
                for (var i = 0; i < statuses.Count; i++)
                {
                    if (statuses[i].Status is { Semantic: true, Progress.Pending: > 0 })
                    {
                        statuses[i] = (statuses[i].Store, await EmbedAsync(run, statuses[i].Store, ct));
                    }
                }
            }

            if (run.Json)
            {
                run.WriteJson(new { data = statuses.Select(s => s.Status.ToJson()) });
                return ExitCodes.Ok;
            }

            if (statuses.Count == 0)
            {
                run.Nothing("no store whose embedding you may see");
            }

            foreach (var (store, status) in statuses)
            {
                var progress = status.Progress;
                var line = $"{store.Name}  semantic {(status.Semantic ? "on" : "off")}  {Memories(progress.Memories)}";
                if (status.Semantic)
                {
                    line += $", {progress.Embedded:N0} embedded, {progress.Pending:N0} pending  {status.Model}";
                    if (status.Rate is { } rate && progress.Pending > 0)
                    {
                        line += string.Create(CultureInfo.InvariantCulture, $"  {rate:N1} memories/s, about {TimeLeft(progress.Pending / rate)} left");
                    }
                }

                run.Line(line);
            }

            return ExitCodes.Ok;
        });
    }

    /// <summary>
    /// Embeds the store's queue now in this process (local mode), or waits for the server's worker to empty it,
    /// with progress on stderr; returns the final status.
    /// </summary>
    public static async Task<SearchStatus> EmbedAsync(CliRun run, MemoryStore store, CancellationToken cancellationToken)
    {
        using var display = new Display(store.Name, Console.IsErrorRedirected);
        if (run.Client() is LocalEngramClient local)
        {
            return await local.EmbedPendingAsync(store.Id, display, cancellationToken);
        }

        while (true)
        {
            var status = await run.Client().SearchStatusAsync(store.Id, cancellationToken);
            if (!status.Semantic || status.Progress.Pending == 0)
            {
                return status;
            }

            display.Report(status.Progress);
            await Task.Delay(Poll, cancellationToken);
        }
    }

    /// <summary>"1 memory", "601 memories".</summary>
    internal static string Memories(long count) => string.Create(CultureInfo.InvariantCulture, $"{count:N0} {(count == 1 ? "memory" : "memories")}");

    /// <summary>"5 s", "3 min", "2.5 h": the time left at the current rate, in the unit it reads best in.</summary>
    internal static string TimeLeft(double seconds) => seconds switch
    {
        < 60 => string.Create(CultureInfo.InvariantCulture, $"{Math.Max(1, Math.Ceiling(seconds)):N0} s"),
        < 90 * 60 => string.Create(CultureInfo.InvariantCulture, $"{Math.Ceiling(seconds / 60):N0} min"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600:N1} h"),
    };

    /// <summary>Embedding progress on stderr, as the import shows its own: in place on a terminal, a plain line every few seconds elsewhere.</summary>
    private sealed class Display(string store, bool redirected) : IProgress<EmbeddingProgress>, IDisposable
    {
        private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(200);
        private static readonly TimeSpan PlainEvery = TimeSpan.FromSeconds(5);
        private readonly long _started = Stopwatch.GetTimestamp();
        private readonly ProgressLine _line = new(redirected);
        private long _last;
        private int? _firstPending;

        public void Report(EmbeddingProgress value)
        {
            _firstPending ??= value.Pending;
            var now = Stopwatch.GetTimestamp();
            if (Stopwatch.GetElapsedTime(_last == 0 ? _started : _last, now) < (redirected ? PlainEvery : Every))
            {
                return;
            }

            _last = now;
            var seconds = Math.Max(Stopwatch.GetElapsedTime(_started, now).TotalSeconds, 0.001);
            var rate = (_firstPending.Value - value.Pending) / seconds;
            var left = rate > 0 && value.Pending > 0 ? $", about {TimeLeft(value.Pending / rate)} left" : "";
            _line.Show(string.Create(CultureInfo.InvariantCulture,
                $"embedding {store}: {value.Embedded:N0}/{value.Memories:N0} embedded, {value.Pending:N0} pending ({rate:N1} memories/s{left})"));
        }

        public void Dispose() => _line.Finish();
    }
}
