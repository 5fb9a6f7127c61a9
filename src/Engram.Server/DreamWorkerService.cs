using Engram.Dreaming.Dreams;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Engram.Server;

/// <summary>
/// Runs the engine's <see cref="DreamWorker"/> for the life of the server. Shutdown stops it between writes; the dream
/// it was running stays running and resumes at the next start.
/// </summary>
internal sealed partial class DreamWorkerService(EngramEngine engine, ILogger<DreamWorkerService> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        new DreamWorker(engine, new DreamWorkerOptions { Failed = (dreamId, error) => DreamFailed(logger, dreamId, error) }).RunAsync(stoppingToken);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "dream {DreamId} failed")]
    private static partial void DreamFailed(ILogger logger, string dreamId, Exception error);
}
