namespace Engram.Dreaming.Dreams;

/// <summary>Wakes a waiting <see cref="DreamWorker"/> when a dream is created in this process.</summary>
internal sealed class DreamWakeup
{
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly Lock _gate = new();

    /// <summary>Wakes the waiter, or the next one to wait; several notifications before a wait count as one.</summary>
    public void Notify()
    {
        lock (_gate)
        {
            if (_signal.CurrentCount == 0)
            {
                _signal.Release();
            }
        }
    }

    /// <summary>Returns when notified or after <paramref name="timeout"/> on <paramref name="time"/>, whichever is first.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timer = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            await _signal.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The poll interval passed without a notification: time to look again.
        }
    }
}
