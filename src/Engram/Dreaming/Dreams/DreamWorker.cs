using Engram.Storage;

namespace Engram.Dreaming.Dreams;

/// <summary>
/// Runs dreams in the background of a process, one at a time, beside the workers of any other process on the same
/// database. It claims the oldest claimable dream (<see cref="IDreamWriter.ClaimNextDream"/>): a pending one, or a
/// running one whose lease has ended (its worker stopped or died), and holds it with a lease of
/// <see cref="DreamWorkerOptions.Lease"/>, renewed by every write of the run and by a heartbeat every
/// <see cref="DreamWorkerOptions.RenewEvery"/> while a long step (a model call) writes nothing. A run that finds its
/// lease taken stops without writing. It wakes when a dream is created in this process, and otherwise looks every
/// <see cref="DreamWorkerOptions.PollInterval"/>. Stopping it leaves the dream it was running as running and releases
/// its lease, so the next worker to look (on any node) resumes it at once; a process that dies without stopping
/// leaves the lease to end first.
/// </summary>
internal sealed class DreamWorker
{
    private readonly IDreamStorage _storage;
    private readonly DreamRunner _runner;
    private readonly DreamWakeup _wakeup;
    private readonly TimeProvider _time;
    private readonly DreamWorkerOptions _options;
    private readonly DreamHold _hold;

    /// <summary>A worker for the engine's dreams.</summary>
    public DreamWorker(EngramEngine engine, DreamWorkerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        _storage = engine.Storage;
        _runner = engine.DreamRunner;
        _wakeup = engine.Dreams.Wakeup;
        _time = engine.Time;
        _options = (options ?? new DreamWorkerOptions()).Validated();
        _hold = new DreamHold(_options.WorkerId ?? DreamHold.NewWorkerId(), _options.Lease);
    }

    /// <summary>The id this worker's leases record.</summary>
    public string WorkerId => _hold.WorkerId;

    /// <summary>Runs until <paramref name="cancellationToken"/> fires; returns then, releasing the lease of the dream in hand.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var claimed = await ClaimAsync(cancellationToken).ConfigureAwait(false);
                if (claimed is not null)
                {
                    _options.Claimed?.Invoke(claimed);
                }

                if (claimed is null || !await RunOneAsync(claimed, cancellationToken).ConfigureAwait(false))
                {
                    await _wakeup.WaitAsync(_options.PollInterval, _time, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped: the dream in hand stays running, its lease released, and the next worker to look resumes it.
        }
    }

    /// <summary>Claims the oldest claimable dream and, in the same unit, starts it if it was pending; null when there is none.</summary>
    private async Task<Dream?> ClaimAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _storage.WriteAsync(tx =>
            {
                var now = _time.GetUtcNow();
                var dream = tx.ClaimNextDream(_hold.WorkerId, now, now + _hold.Lease);
                if (dream is not { Status: DreamStatus.Pending })
                {
                    return dream;
                }

                var running = DreamRunner.Started(dream);
                tx.UpdateDream(running);
                return running;
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not ObjectDisposedException && (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested))
        {
            // The database unreachable for a moment: look again after the pause.
            _options.ClaimFailed?.Invoke(error);
            return null;
        }
    }

    /// <summary>Runs one claimed dream; false when it could not be run (reported, and the worker pauses before the next claim).</summary>
    private async Task<bool> RunOneAsync(Dream dream, CancellationToken cancellationToken)
    {
        var heartbeat = DreamHeartbeat.Start(_storage, _time, _hold, dream.Id, _options.RenewEvery ?? _options.Lease / 3, cancellationToken);
        try
        {
            var ended = await _runner.RunAsync(dream.Id, progress: null, _options.Failed, _hold, heartbeat.Token).ConfigureAwait(false);
            _options.Ended?.Invoke(ended);
            return true;
        }
        catch (DreamLeaseLostException error)
        {
            _options.LeaseLost?.Invoke(dream.Id, error);
            return true; // another worker runs it now; look for more work at once
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await heartbeat.DisposeAsync().ConfigureAwait(false);
            await _runner.ReleaseAsync(dream.Id, _hold).ConfigureAwait(false);
            _options.Released?.Invoke(dream.Id);
            throw;
        }
        catch (OperationCanceledException error) when (heartbeat.Lost)
        {
            _options.LeaseLost?.Invoke(dream.Id, error); // the heartbeat found the lease taken and stopped the run
            return true;
        }
        catch (Exception error)
        {
            // It could not be run (the database unreachable, say): released, so it is retried after the pause.
            _options.Failed?.Invoke(dream.Id, error);
            await heartbeat.DisposeAsync().ConfigureAwait(false);
            await _runner.ReleaseAsync(dream.Id, _hold).ConfigureAwait(false);
            _options.Released?.Invoke(dream.Id);
            return false;
        }
        finally
        {
            await heartbeat.DisposeAsync().ConfigureAwait(false);
        }
    }
}

/// <summary>How a <see cref="DreamWorker"/> looks for work, holds it, and reports trouble.</summary>
internal sealed record DreamWorkerOptions
{
    /// <summary>The lease unless set: long enough that a busy database does not lose it, short enough that a dead node's dream waits at most this long.</summary>
    public static readonly TimeSpan DefaultLease = TimeSpan.FromSeconds(60);

    /// <summary>How often to look for pending dreams when nothing wakes the worker: dreams created by another process are found this late at most.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a claim or renewal holds a dream. A node that dies leaves its dream to another after this; the clocks
    /// of the nodes must agree to well within it.
    /// </summary>
    public TimeSpan Lease { get; init; } = DefaultLease;

    /// <summary>How often the heartbeat renews the lease while a run goes on; a third of <see cref="Lease"/> unless set.</summary>
    public TimeSpan? RenewEvery { get; init; }

    /// <summary>The id the worker's leases record; a new one per worker (machine name, process id, random) unless set.</summary>
    public string? WorkerId { get; init; }

    /// <summary>Told the dream as this worker claimed it (started when it was pending; as recorded when it resumes one), for the log.</summary>
    public Action<Dream>? Claimed { get; init; }

    /// <summary>Told the dream as this worker's run of it ended (completed, failed or canceled), for the log.</summary>
    public Action<Dream>? Ended { get; init; }

    /// <summary>Told the dream id when this worker released a dream it was running, still running (it stopped, or could not run it), for the log.</summary>
    public Action<string>? Released { get; init; }

    /// <summary>Told the dream id and the exception whenever a dream fails or cannot be run, for the log.</summary>
    public Action<string, Exception>? Failed { get; init; }

    /// <summary>Told the exception when a claim could not be made (the worker looks again after <see cref="PollInterval"/>), for the log.</summary>
    public Action<Exception>? ClaimFailed { get; init; }

    /// <summary>Told the dream id when another worker took a dream this one was running (its lease had ended), for the log.</summary>
    public Action<string, Exception>? LeaseLost { get; init; }

    /// <summary>The options checked, or the rule a value breaks.</summary>
    internal DreamWorkerOptions Validated() =>
        Lease <= TimeSpan.Zero ? throw new ArgumentOutOfRangeException(nameof(Lease), Lease, "must be positive")
        : RenewEvery is { } every && (every <= TimeSpan.Zero || every >= Lease) ? throw new ArgumentOutOfRangeException(nameof(RenewEvery), every, "must be positive and shorter than the lease")
        : PollInterval <= TimeSpan.Zero ? throw new ArgumentOutOfRangeException(nameof(PollInterval), PollInterval, "must be positive")
        : this;
}
