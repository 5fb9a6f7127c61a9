using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Engram.Server.Metrics;

/// <summary>
/// Counts the database's waiting work every <see cref="ServerOptions.MetricsSampleInterval"/> and publishes it to
/// <see cref="ServerMetrics"/>, so the gauges cost one bounded sample per interval however often they are scraped.
/// Runs only while metrics are on.
/// </summary>
internal sealed partial class WorkloadSampling(EngramEngine engine, ServerMetrics metrics, ServerOptions options, ILogger<WorkloadSampling> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                metrics.Publish(await engine.Workload.SampleAsync(stoppingToken).ConfigureAwait(false));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                metrics.Publish(null);
                Failed(logger, error);
            }

            try
            {
                await Task.Delay(options.MetricsSampleInterval, engine.Time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "counting the workload for metrics failed; its gauges are empty until the next count")]
    private static partial void Failed(ILogger logger, Exception error);
}
