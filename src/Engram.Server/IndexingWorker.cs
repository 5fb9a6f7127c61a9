using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Engram.Server;

/// <summary>
/// Drains the search and embedding queues in the background, so searches rarely wait for indexing and
/// semantic results catch up with writes within a second or so.
/// </summary>
internal sealed partial class IndexingWorker(EngramEngine engine, Metrics.ServerMetrics metrics, ILogger<IndexingWorker> logger) : BackgroundService
{
    /// <summary>Pause between drains when the queues are empty.</summary>
    private static readonly TimeSpan Idle = TimeSpan.FromMilliseconds(500);

    /// <summary>Memories embedded per round: a bulk load takes hours to embed, and new writes are put in the full-text index between rounds.</summary>
    private const int EmbedPerRound = 64;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var indexed = await engine.Indexer.DrainAsync(null, stoppingToken).ConfigureAwait(false);
                var embedded = engine.Embeddings is null ? 0 : await engine.Embeddings.DrainAsync(null, EmbedPerRound, stoppingToken).ConfigureAwait(false);
                metrics.RecordProcessed(indexed, embedded);
                if (indexed + embedded > 0)
                {
                    continue;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                Failed(logger, error);
            }

            try
            {
                await Task.Delay(Idle, engine.Time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // Stopping is no failure: a canceled task here would be logged by the host as one (and, on a failed start, stop it with a Critical line).
                return;
            }
        }
    }

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "background indexing failed; it will be retried")]
    private static partial void Failed(ILogger logger, Exception error);
}
