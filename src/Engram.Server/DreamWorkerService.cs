using Engram.Dreaming.Dreams;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Engram.Server;

/// <summary>
/// Runs the engine's <see cref="DreamWorker"/> for the life of the server. The worker claims each dream with a lease
/// (<see cref="ServerOptions.DreamLease"/>), so the workers of several servers on one database never run the same
/// dream at once. Shutdown stops it between writes; the dream it was running stays running, its lease released, and
/// the next worker to look (here or on another node) resumes it. The log names the worker (machine name, process id
/// and a random part, as the lease records it) at start and whenever it claims, ends or releases a dream, so an
/// operator can see which node ran what; it names dreams by id only, never a store, path or content.
/// </summary>
internal sealed partial class DreamWorkerService(EngramEngine engine, ServerOptions options, IHostApplicationLifetime lifetime, ILogger<DreamWorkerService> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var workerId = DreamHold.NewWorkerId();
        var worker = new DreamWorker(engine, new DreamWorkerOptions
        {
            WorkerId = workerId,
            Lease = options.DreamLease,
            Claimed = dream => DreamClaimed(logger, dream.Id, workerId, dream.Progress.Stage, dream.Progress.SessionsAnalyzed, dream.Progress.SessionsTotal),
            Ended = dream => DreamEnded(logger, dream.Id, workerId, DreamStatusNames.Of(dream.Status), dream.Progress.SessionsAnalyzed, dream.Progress.SessionsTotal, dream.Progress.Proposals),
            Released = dreamId => DreamReleased(logger, dreamId, workerId),
            Failed = (dreamId, error) => DreamFailed(logger, dreamId, error),
            LeaseLost = (dreamId, _) => DreamTakenOver(logger, dreamId, workerId),
            ClaimFailed = error => ClaimFailed(logger, error),
        });

        // Said once the server listens: a server that fails to start says only why, in one line.
        lifetime.ApplicationStarted.Register(() => WorkerStarted(logger, workerId, options.DreamLease.TotalSeconds));
        return worker.RunAsync(stoppingToken);
    }

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "dream {DreamId} failed")]
    private static partial void DreamFailed(ILogger logger, string dreamId, Exception error);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "dream {DreamId} was taken over by another worker after the lease of worker {WorkerId} ended; this one stopped it without writing")]
    private static partial void DreamTakenOver(ILogger logger, string dreamId, string workerId);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "could not look for dreams to run; trying again shortly")]
    private static partial void ClaimFailed(ILogger logger, Exception error);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "dream worker {WorkerId} started; its leases last {LeaseSeconds} s")]
    private static partial void WorkerStarted(ILogger logger, string workerId, double leaseSeconds);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "dream {DreamId} claimed by worker {WorkerId} at stage {Stage}, {SessionsAnalyzed}/{SessionsTotal} sessions analysed")]
    private static partial void DreamClaimed(ILogger logger, string dreamId, string workerId, string stage, int sessionsAnalyzed, int sessionsTotal);

    [LoggerMessage(EventId = 8, Level = LogLevel.Information, Message = "dream {DreamId} ended {Status} on worker {WorkerId}: {SessionsAnalyzed}/{SessionsTotal} sessions analysed, {Proposals} proposals")]
    private static partial void DreamEnded(ILogger logger, string dreamId, string workerId, string status, int sessionsAnalyzed, int sessionsTotal, int proposals);

    [LoggerMessage(EventId = 9, Level = LogLevel.Information, Message = "dream {DreamId} released by worker {WorkerId}, still running: the next worker to look resumes it")]
    private static partial void DreamReleased(ILogger logger, string dreamId, string workerId);
}
