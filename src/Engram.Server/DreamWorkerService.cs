using Engram.Dreaming.Dreams;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Engram.Server;

/// <summary>
/// Runs the engine's <see cref="DreamWorker"/> for the life of the server. The worker claims each dream with a lease,
/// so the workers of several servers on one database never run the same dream at once. Shutdown stops it between
/// writes; the dream it was running stays running, its lease released, and the next worker to look (here or on
/// another node) resumes it.
/// </summary>
internal sealed partial class DreamWorkerService(EngramEngine engine, ILogger<DreamWorkerService> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        new DreamWorker(engine, new DreamWorkerOptions
        {
            Failed = (dreamId, error) => DreamFailed(logger, dreamId, error),
            LeaseLost = (dreamId, _) => DreamTakenOver(logger, dreamId),
            ClaimFailed = error => ClaimFailed(logger, error),
        }).RunAsync(stoppingToken);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "dream {DreamId} failed")]
    private static partial void DreamFailed(ILogger logger, string dreamId, Exception error);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "dream {DreamId} was taken over by another worker after this one's lease ended; this one stopped it without writing")]
    private static partial void DreamTakenOver(ILogger logger, string dreamId);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "could not look for dreams to run; trying again shortly")]
    private static partial void ClaimFailed(ILogger logger, Exception error);
}
