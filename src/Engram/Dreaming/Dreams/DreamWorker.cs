using Engram.Storage;

namespace Engram.Dreaming.Dreams;

/// <summary>
/// Runs dreams in the background of a process: at start it resumes the dreams left running (a stop or crash), then
/// takes pending dreams oldest first, one at a time. It wakes when a dream is created in this process, and otherwise
/// looks every <see cref="DreamWorkerOptions.PollInterval"/>. Stopping it leaves the dream it was running as running,
/// so the next start resumes it.
/// </summary>
internal sealed class DreamWorker
{
    private readonly IDreamStorage _storage;
    private readonly DreamRunner _runner;
    private readonly DreamWakeup _wakeup;
    private readonly TimeProvider _time;
    private readonly DreamWorkerOptions _options;

    /// <summary>A worker for the engine's dreams.</summary>
    public DreamWorker(EngramEngine engine, DreamWorkerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        _storage = engine.Storage;
        _runner = engine.DreamRunner;
        _wakeup = engine.Dreams.Wakeup;
        _time = engine.Time;
        _options = options ?? new DreamWorkerOptions();
    }

    /// <summary>Runs until <paramref name="cancellationToken"/> fires; returns then without marking anything.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            foreach (var id in await _storage.ListDreamIdsAsync(DreamStatus.Running, int.MaxValue, cancellationToken).ConfigureAwait(false))
            {
                await RunOneAsync(id, cancellationToken).ConfigureAwait(false);
            }

            while (!cancellationToken.IsCancellationRequested)
            {
                var next = await _storage.ListDreamIdsAsync(DreamStatus.Pending, 1, cancellationToken).ConfigureAwait(false);
                if (next.Count == 0 || !await RunOneAsync(next[0], cancellationToken).ConfigureAwait(false))
                {
                    await _wakeup.WaitAsync(_options.PollInterval, _time, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped: the dream in hand stays running and is resumed at the next start.
        }
    }

    /// <summary>Runs one dream; false when it could not be run (reported, and retried after a pause).</summary>
    private async Task<bool> RunOneAsync(string dreamId, CancellationToken cancellationToken)
    {
        try
        {
            await _runner.RunAsync(dreamId, progress: null, _options.Failed, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _options.Failed?.Invoke(dreamId, error);
            return false;
        }
    }
}

/// <summary>How a <see cref="DreamWorker"/> looks for work and reports trouble.</summary>
internal sealed record DreamWorkerOptions
{
    /// <summary>How often to look for pending dreams when nothing wakes the worker: dreams created by another process are found this late at most.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Told the dream id and the exception whenever a dream fails or cannot be run, for the log.</summary>
    public Action<string, Exception>? Failed { get; init; }
}
