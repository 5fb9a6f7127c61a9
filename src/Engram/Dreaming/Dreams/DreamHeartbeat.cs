using Engram.Storage;

namespace Engram.Dreaming.Dreams;

/// <summary>
/// Renews a <see cref="DreamHold"/> on one dream at a steady beat while its run goes on, so a step that writes nothing
/// for longer than the lease (a slow model call) does not lose the dream. When a renewal is refused (another worker
/// took the dream), it stops the run through <see cref="Token"/>. Disposing it stops the beat.
/// </summary>
internal sealed class DreamHeartbeat : IAsyncDisposable
{
    private readonly CancellationTokenSource _run;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _beating;
    private volatile bool _lost;
    private int _disposed;

    private DreamHeartbeat(IDreamStorage storage, TimeProvider time, DreamHold hold, string dreamId, TimeSpan every, CancellationToken cancellationToken)
    {
        _run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _beating = BeatAsync(storage, time, hold, dreamId, every);
    }

    /// <summary>Starts beating every <paramref name="every"/> on <paramref name="time"/>; <see cref="Token"/> follows <paramref name="cancellationToken"/> too.</summary>
    public static DreamHeartbeat Start(IDreamStorage storage, TimeProvider time, DreamHold hold, string dreamId, TimeSpan every, CancellationToken cancellationToken) =>
        new(storage, time, hold, dreamId, every, cancellationToken);

    /// <summary>The run's token: canceled when the caller's is, or when the lease was found taken.</summary>
    public CancellationToken Token => _run.Token;

    /// <summary>A renewal was refused: another worker holds the dream.</summary>
    public bool Lost => _lost;

    private async Task BeatAsync(IDreamStorage storage, TimeProvider time, DreamHold hold, string dreamId, TimeSpan every)
    {
        try
        {
            while (true)
            {
                await Task.Delay(every, time, _stop.Token).ConfigureAwait(false);
                bool held;
                try
                {
                    held = await storage.WriteAsync(tx => hold.Renew(tx, dreamId, time), _stop.Token).ConfigureAwait(false);
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    // A renewal that could not be made (the database unreachable for a moment) is not a lost lease: try
                    // again at the next beat; the run's own writes fail the same way if it stays unreachable.
                    continue;
                }

                if (!held)
                {
                    _lost = true;
                    await _run.CancelAsync().ConfigureAwait(false);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // The run ended.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _beating.ConfigureAwait(false);
        _stop.Dispose();
        _run.Dispose();
    }
}
