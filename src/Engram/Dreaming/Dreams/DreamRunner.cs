using Engram.Access.Audit;
using Engram.Access.Policies;
using Engram.Errors;
using Engram.Identity;
using Engram.Memories;
using Engram.Storage;

namespace Engram.Dreaming.Dreams;

/// <summary>
/// Runs one dream to its end: the signal pass over its sessions (recorded in batches, so a crash loses at most
/// one batch), the model sub-agents when one is configured (bounded, within the token budget, each batch recorded),
/// synthesis, and one final write of the proposals and the output store, made only if the dream is still running.
/// A run stopped by its token resumes where it stopped; a canceled dream stops at its next batch and writes nothing.
/// A worker's run carries its <see cref="DreamHold"/>: every write renews the lease in the same unit, and a run that
/// finds another worker holds the dream throws <see cref="DreamLeaseLostException"/> without writing.
/// </summary>
internal sealed partial class DreamRunner
{
    /// <summary>Sessions whose signal pass is recorded in one write: a crash loses at most this many sessions' work.</summary>
    public const int SessionsPerAnalysisBatch = 64;

    /// <summary>Recorded analyses read back per query during synthesis.</summary>
    private const int AnalysesPerPage = 512;

    private readonly IEngramStorage _storage;
    private readonly TimeProvider _time;
    private readonly IIdGenerator _ids;
    private readonly MemoryStoreService _memories;
    private readonly Access.AccessService _access;
    private readonly PolicyStore _policies;
    private readonly AuditTrail _audit;
    private readonly DreamOptions _options;

    internal DreamRunner(IEngramStorage storage, TimeProvider time, IIdGenerator ids, MemoryStoreService memories, Access.AccessService access, PolicyStore policies, AuditTrail audit, DreamOptions options)
    {
        _storage = storage;
        _time = time;
        _ids = ids;
        _memories = memories;
        _access = access;
        _policies = policies;
        _audit = audit;
        _options = options.Validated();
    }

    /// <summary>
    /// Runs a pending dream, or resumes a running one, in the foreground, and returns it as it ended (completed, failed
    /// or canceled). A finished dream is returned as it is. When <paramref name="cancellationToken"/> fires, the dream
    /// stays running and a later call (or a worker) resumes it. The run takes the dream's lease when it is free, as a
    /// worker would, renews it while it runs and releases it at the end, so no worker takes the dream meanwhile; when
    /// a live lease is held elsewhere, it runs unleased beside that worker (its final write is still made once). Should
    /// another worker take the dream over from it, it stops and returns the dream as it then is.
    /// </summary>
    public async Task<Dream> RunAsync(string dreamId, IProgress<DreamProgress>? progress, CancellationToken cancellationToken)
    {
        var hold = new DreamHold(DreamHold.NewWorkerId(), DreamWorkerOptions.DefaultLease);
        var claimed = await _storage.WriteAsync(tx =>
        {
            var now = _time.GetUtcNow();
            return tx.ClaimDream(dreamId, hold.WorkerId, now, now + hold.Lease);
        }, cancellationToken).ConfigureAwait(false);
        if (claimed is null)
        {
            return await RunAsync(dreamId, progress, failed: null, hold: null, cancellationToken).ConfigureAwait(false);
        }

        var heartbeat = DreamHeartbeat.Start(_storage, _time, hold, dreamId, hold.Lease / 3, cancellationToken);
        try
        {
            return await RunAsync(dreamId, progress, failed: null, hold, heartbeat.Token).ConfigureAwait(false);
        }
        catch (Exception error) when (error is DreamLeaseLostException || (error is OperationCanceledException && heartbeat.Lost && !cancellationToken.IsCancellationRequested))
        {
            return await _storage.GetDreamAsync(dreamId, CancellationToken.None).ConfigureAwait(false) ?? claimed;
        }
        finally
        {
            await heartbeat.DisposeAsync().ConfigureAwait(false);
            await ReleaseAsync(dreamId, hold).ConfigureAwait(false);
        }
    }

    /// <summary>Releases <paramref name="hold"/>'s lease on the dream, so a worker may take it up at once; a storage that is closing is left to let the lease end.</summary>
    internal async Task ReleaseAsync(string dreamId, DreamHold hold)
    {
        try
        {
            await _storage.WriteAsync(tx => tx.ReleaseDreamLease(dreamId, hold.WorkerId), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception error) when (error is ObjectDisposedException or EngramException or System.Data.Common.DbException)
        {
            // The storage is closing (or unreachable): the lease ends on its own.
        }
    }

    /// <summary>
    /// As <see cref="RunAsync(string, IProgress{DreamProgress}?, CancellationToken)"/>, telling <paramref name="failed"/> what
    /// failed a dream, and writing only while <paramref name="hold"/> (when given) holds the dream.
    /// </summary>
    /// <exception cref="DreamLeaseLostException">Another worker took the dream; this run wrote nothing after it did.</exception>
    internal async Task<Dream> RunAsync(string dreamId, IProgress<DreamProgress>? progress, Action<string, Exception>? failed, DreamHold? hold, CancellationToken cancellationToken)
    {
        var dream = await ClaimAsync(dreamId, cancellationToken).ConfigureAwait(false);
        if (dream.Status != DreamStatus.Running)
        {
            return dream;
        }

        progress?.Report(dream.Progress);
        try
        {
            dream = await AnalyzeAsync(dream, hold, progress, cancellationToken).ConfigureAwait(false);
            if (dream.Status != DreamStatus.Running)
            {
                return dream;
            }

            // The dream reads, and copies, only what its creator may read.
            var creator = await CreatorAsync(dream, cancellationToken).ConfigureAwait(false);
            var store = await StoreSnapshot.LoadAsync(_storage, dream.StoreId, await ReadableAsync(creator, dream.StoreId, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            var analyzer = _options.Analyzers?.Invoke(dream.Model);
            if (analyzer is not null)
            {
                dream = await ConsultModelAsync(dream, hold, analyzer, store, progress, cancellationToken).ConfigureAwait(false);
                if (dream.Status != DreamStatus.Running)
                {
                    return dream;
                }
            }

            var synthesized = await SynthesizeAsync(dream, hold, store, progress, cancellationToken).ConfigureAwait(false);
            if (synthesized is not { } result)
            {
                return await _storage.GetDreamAsync(dreamId, CancellationToken.None).ConfigureAwait(false) ?? dream;
            }

            // With a model that answers, it words the rule-based lines; without one, the rules' templates stand.
            var (drafts, wordingUsage) = analyzer is null || dream.Degraded is not null
                ? (result.Result.Drafts, DreamUsage.None)
                : await WordAsync(dream, analyzer, result.Result.Drafts, store, cancellationToken).ConfigureAwait(false);
            var analysis = analyzer is null || (dream.Degraded is not null && dream.Usage.InputTokens == 0) ? DreamAnalysis.Rules : DreamAnalysis.RulesAndModel;
            dream = await WriteAsync(dreamId, hold, creator, drafts, result.Result, result.Effects, wordingUsage, analysis, cancellationToken).ConfigureAwait(false);
            progress?.Report(dream.Progress);
            return dream;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (ObjectDisposedException)
        {
            throw; // the storage closed under the run (shutdown): the dream stays running and resumes
        }
        catch (DreamLeaseLostException)
        {
            throw; // another worker runs the dream now: this one writes nothing more
        }
        catch (Exception error)
        {
            failed?.Invoke(dreamId, error);
            return await FailAsync(dreamId, hold, error).ConfigureAwait(false);
        }
    }

    /// <summary>Pending becomes running; running (resumed after a stop) stays so; a finished dream is returned unchanged.</summary>
    private Task<Dream> ClaimAsync(string dreamId, CancellationToken cancellationToken) =>
        _storage.WriteAsync(tx =>
        {
            var dream = tx.GetDream(dreamId) ?? throw new NotFoundException("dream", dreamId);
            if (dream.Status != DreamStatus.Pending)
            {
                return dream;
            }

            var running = Started(dream);
            tx.UpdateDream(running);
            return running;
        }, cancellationToken);

    /// <summary>A pending dream as it starts running.</summary>
    internal static Dream Started(Dream pending) => pending with { Status = DreamStatus.Running, Progress = pending.Progress with { Stage = "analyzing" } };

    /// <summary>
    /// Applies <paramref name="change"/> to the dream in one write if it is still running, and returns the dream as it
    /// is afterwards (unchanged when it is no longer running). With a <paramref name="hold"/>, the same unit renews it
    /// first, and throws <see cref="DreamLeaseLostException"/> (writing nothing) when another worker holds the dream.
    /// </summary>
    private Task<Dream> UpdateIfRunningAsync(string dreamId, DreamHold? hold, Func<IStorageWriter, Dream, Dream> change, CancellationToken cancellationToken) =>
        _storage.WriteAsync(tx =>
        {
            Hold(tx, dreamId, hold);
            var dream = tx.GetDream(dreamId) ?? throw new NotFoundException("dream", dreamId);
            if (dream.Status != DreamStatus.Running)
            {
                return dream;
            }

            var changed = change(tx, dream);
            tx.UpdateDream(changed);
            return changed;
        }, cancellationToken);

    /// <summary>Renews <paramref name="hold"/> (when given) inside <paramref name="tx"/>, or throws <see cref="DreamLeaseLostException"/>.</summary>
    private void Hold(IStorageWriter tx, string dreamId, DreamHold? hold)
    {
        if (hold is not null && !hold.Renew(tx, dreamId, _time))
        {
            throw new DreamLeaseLostException(dreamId, hold.WorkerId);
        }
    }

    /// <summary>
    /// Marks the dream failed with a message that carries no exception text (it may quote data) and no stack; a run
    /// whose <paramref name="hold"/> was taken over leaves the dream to its new holder.
    /// </summary>
    private Task<Dream> FailAsync(string dreamId, DreamHold? hold, Exception error) =>
        _storage.WriteAsync(tx =>
        {
            var dream = tx.GetDream(dreamId) ?? throw new NotFoundException("dream", dreamId);
            if (!dream.IsUnfinished || (hold is not null && !hold.Renew(tx, dreamId, _time)))
            {
                return dream;
            }

            var failed = dream with
            {
                Status = DreamStatus.Failed,
                EndedAt = _time.UtcNowMicroseconds(),
                Error = new DreamError("internal_error", $"the dream stopped on an unexpected {error.GetType().Name} while {dream.Progress.Stage}; nothing was written to its stores"),
            };
            tx.UpdateDream(failed);
            return failed;
        }, CancellationToken.None);
}
