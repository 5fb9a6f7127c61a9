using System.Text;
using Engram.Client;
using Engram.Errors;
using Engram.Memories;

namespace Engram.Sync;

/// <summary>
/// Keeps a directory and a store (the part of it the caller may read) in step, both ways. Each run compares,
/// per path, the file, the memory and what both held after the last run:
/// <list type="bullet">
/// <item>changed here only: pushed, with the last synced hash as the precondition;</item>
/// <item>changed there only: pulled (atomic write);</item>
/// <item>changed on both sides differently: the store's content goes to the path and the local edit is kept
/// beside it as <c>NAME.conflict-TIME.md</c>, reported;</item>
/// <item>deleted here: the deletion is sent with the last synced hash, so a memory changed since is pulled back
/// instead of lost; deleted there: the file goes, unless it was edited here (then it is pushed back);</item>
/// <item>a write the caller may not make: the file gets the store's content back and turns read-only; one it
/// may only propose: the proposal is filed and reported, and the file shows the store's content.</item>
/// </list>
/// Every change is recorded in <see cref="SyncState"/> as it happens, so a killed sync resumes without losing
/// an edit or writing a version twice. The state lives under <paramref name="stateHome"/> (by default
/// <see cref="SyncState.DefaultHome"/>), outside the directory.
/// </summary>
internal sealed class StoreSync(IMemoryStoreClient client, string storeId, string directory, TimeProvider? time = null, string? stateHome = null)
{
    /// <summary>Memories per listing page.</summary>
    private const int PageSize = 100;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly SyncDirectory _local = new(directory, time ?? TimeProvider.System);

    private SyncState OpenState() => SyncState.Open(_local, stateHome ?? SyncState.DefaultHome(), storeId);

    /// <summary>One pass over both sides.</summary>
    public async Task<SyncReport> RunOnceAsync(CancellationToken cancellationToken)
    {
        using var state = OpenState();
        return await RunAsync(state, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Pushes what changed here without listing the store: what this directory last agreed with the store is
    /// the precondition of each write, so a memory changed there since is refused, reported, and reconciled
    /// by the next full run.
    /// </summary>
    public async Task<SyncReport> PushLocalChangesAsync(CancellationToken cancellationToken)
    {
        using var state = OpenState();
        var report = await PushAsync(state, _local.Scan(state.Files), state.Files.Keys, cancellationToken).ConfigureAwait(false);
        report.Notices.AddRange(state.Notices);
        state.Compact();
        return report;
    }

    /// <summary>
    /// Runs once, then pushes the files that change here (after <paramref name="settle"/> of quiet; only those
    /// files are read, so a save reaches the store in the time of one write whatever the directory's size),
    /// and runs fully every <paramref name="poll"/> to pull the store's changes, until cancelled; it always ends
    /// in <see cref="OperationCanceledException"/>.
    /// </summary>
    public async Task WatchAsync(TimeSpan poll, TimeSpan settle, Action<SyncReport> onRun, CancellationToken cancellationToken)
    {
        using var state = OpenState();
        using var changed = new SemaphoreSlim(0);
        var paths = new System.Collections.Concurrent.ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        var overflowed = false;
        using var watcher = new FileSystemWatcher(_local.Root) { IncludeSubdirectories = true, InternalBufferSize = 64 * 1024 };
        void Signal()
        {
            if (changed.CurrentCount == 0)
            {
                changed.Release();
            }
        }

        void Saw(string fullPath)
        {
            if (_local.StorePath(fullPath) is not null) // not the marker, temporary files or other files sync never pushes
            {
                paths[fullPath] = true;
                Signal();
            }
        }

        watcher.Changed += (_, e) => Saw(e.FullPath);
        watcher.Created += (_, e) => Saw(e.FullPath);
        watcher.Deleted += (_, e) => Saw(e.FullPath);
        watcher.Renamed += (_, e) =>
        {
            Saw(e.OldFullPath);
            Saw(e.FullPath);
        };
        watcher.Error += (_, _) =>
        {
            overflowed = true; // events were lost: the next push looks at every file
            Signal();
        };
        watcher.EnableRaisingEvents = true;
        onRun(await RunAsync(state, cancellationToken).ConfigureAwait(false));
        while (!cancellationToken.IsCancellationRequested)
        {
            if (!await changed.WaitAsync(poll, cancellationToken).ConfigureAwait(false))
            {
                onRun(await RunAsync(state, cancellationToken).ConfigureAwait(false));
                continue;
            }

            await Task.Delay(settle, cancellationToken).ConfigureAwait(false);
            while (changed.CurrentCount > 0)
            {
                await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            var seen = paths.Keys.ToList();
            foreach (var path in seen)
            {
                paths.TryRemove(path, out _);
            }

            if (overflowed)
            {
                overflowed = false;
                onRun(await PushAsync(state, _local.Scan(state.Files), state.Files.Keys, cancellationToken).ConfigureAwait(false));
                continue;
            }

            var touched = seen.Select(_local.StorePath).OfType<string>().ToHashSet(StringComparer.Ordinal);
            onRun(await PushAsync(state, _local.Look(touched), touched, cancellationToken).ConfigureAwait(false));
        }

        cancellationToken.ThrowIfCancellationRequested(); // cancelled between two awaits: end the way every other cancellation does
    }

    private async Task<SyncReport> RunAsync(SyncState state, CancellationToken cancellationToken)
    {
        var report = new SyncReport();
        report.Notices.AddRange(state.Notices);
        state.Notices.Clear(); // said once, in the first run that opened the state
        var remote = await ListRemoteAsync(cancellationToken).ConfigureAwait(false);
        var local = _local.Scan(state.Files);
        foreach (var path in remote.Keys.Union(local.Files.Keys).Union(local.Unusable.Keys).Union(state.Files.Keys).Order(StringComparer.Ordinal))
        {
            if (SyncDirectory.WhyNotMirrored(path) is { } notMirrored)
            {
                if (remote.ContainsKey(path))
                {
                    report.NotMirrored.Add(new SyncProblem(path, notMirrored));
                }

                if (state.Files.ContainsKey(path))
                {
                    state.Record(path, null); // kept by an earlier version: forgotten, so it never turns into a deletion
                }

                continue;
            }

            if (local.WhyUnusable(path) is { } unusable)
            {
                report.Problems.Add(new SyncProblem(path, unusable)); // not known to be absent: neither pulled over nor deleted
                continue;
            }

            try
            {
                await SyncPathAsync(path, state, remote.GetValueOrDefault(path), local.Files.GetValueOrDefault(path), report, cancellationToken).ConfigureAwait(false);
            }
            catch (EngramException error)
            {
                report.Problems.Add(new SyncProblem(path, error.Message));
            }
            catch (LocalPathException error)
            {
                report.Problems.Add(new SyncProblem(path, error.Reason));
            }
        }

        state.Compact();
        return report;
    }

    /// <summary>Pushes, among <paramref name="candidates"/>, each path whose file (in <paramref name="local"/>: hashed, unusable, or absent when deleted) differs from what was last agreed.</summary>
    private async Task<SyncReport> PushAsync(SyncState state, LocalScan local, IEnumerable<string> candidates, CancellationToken cancellationToken)
    {
        var report = new SyncReport();
        foreach (var path in local.Files.Keys.Union(local.Unusable.Keys).Union(candidates).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            if (SyncDirectory.WhyNotMirrored(path) is not null)
            {
                continue;
            }

            if (local.WhyUnusable(path) is { } unusable)
            {
                report.Problems.Add(new SyncProblem(path, unusable));
                continue;
            }

            var known = state.Files.GetValueOrDefault(path);
            var localSha = local.Files.GetValueOrDefault(path);
            if (localSha == known?.Sha256 || known?.ReadOnly == true || (localSha is null && known is null))
            {
                continue;
            }

            try
            {
                await PushAsync(path, null, localSha, known, state, report, cancellationToken).ConfigureAwait(false);
            }
            catch (EngramException error)
            {
                report.Problems.Add(new SyncProblem(path, error.Message));
            }
            catch (LocalPathException error)
            {
                report.Problems.Add(new SyncProblem(path, error.Reason));
            }
        }

        return report;
    }

    private async Task SyncPathAsync(string path, SyncState state, Memory? remote, string? localSha, SyncReport report, CancellationToken cancellationToken)
    {
        var known = state.Files.GetValueOrDefault(path);
        var remoteSha = remote?.ContentSha256;
        var localChanged = localSha != known?.Sha256;
        var remoteChanged = remoteSha != known?.Sha256;
        if (!localChanged && !remoteChanged)
        {
            return;
        }

        if (localSha is not null && localSha == remoteSha)
        {
            state.Record(path, Synced(path, remote!.Id, remoteSha, known?.ReadOnly ?? false)); // both sides already agree (a run killed after its write)
            return;
        }

        if (!localChanged)
        {
            await PullAsync(path, remote, known, state, report, cancellationToken).ConfigureAwait(false);
        }
        else if (!remoteChanged)
        {
            await PushAsync(path, remote, localSha, known, state, report, cancellationToken).ConfigureAwait(false);
        }
        else if (localSha is null)
        {
            await PullAsync(path, remote, known, state, report, cancellationToken).ConfigureAwait(false); // deleted here, changed there: the change wins
        }
        else if (remote is null)
        {
            await PushAsync(path, null, localSha, null, state, report, cancellationToken).ConfigureAwait(false); // deleted there, edited here: the edit comes back
        }
        else
        {
            await ConflictAsync(path, remote, known, state, report, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task PullAsync(string path, Memory? remote, SyncedFile? known, SyncState state, SyncReport report, CancellationToken cancellationToken)
    {
        if (remote is null)
        {
            _local.Delete(path);
            state.Record(path, null);
            report.DeletedHere.Add(path);
            return;
        }

        var full = await client.GetMemoryAsync(storeId, remote.Id, MemoryView.Full, cancellationToken).ConfigureAwait(false);
        var readOnly = known?.ReadOnly ?? false;
        _local.Write(path, Encoding.UTF8.GetBytes(full.Content ?? ""), readOnly);
        state.Record(path, Synced(path, full.Id, full.ContentSha256, readOnly));
        report.Pulled.Add(path);
    }

    private async Task PushAsync(string path, Memory? remote, string? localSha, SyncedFile? known, SyncState state, SyncReport report, CancellationToken cancellationToken)
    {
        try
        {
            if (localSha is null)
            {
                // Deleted here: only a file this directory holds (one sync wrote or agreed on) at a path it mirrors,
                // seen gone from here just now (not unreadable, a link, nor replaced by something else), and confirmed
                // against the store by the last synced hash.
                if (known is null || SyncDirectory.WhyNotMirrored(path) is not null)
                {
                    return;
                }

                var now = _local.Look([path]);
                if (now.WhyUnusable(path) is { } notGone)
                {
                    report.Problems.Add(new SyncProblem(path, notGone));
                    return;
                }

                if (now.Files.ContainsKey(path))
                {
                    return; // back while this run looked at it: the next run takes it
                }

                var deleted = await client.DeleteMemoryAsync(storeId, known.MemoryId, new DeleteMemoryRequest(known.Sha256, "deleted in a sync directory"), cancellationToken).ConfigureAwait(false);
                if (deleted.Proposal is { } deletion)
                {
                    await ProposedAsync(path, deletion, remote, known, state, report, cancellationToken).ConfigureAwait(false);
                    return;
                }

                state.Record(path, null);
                report.DeletedThere.Add(path);
                return;
            }

            var stamp = _local.Stamp(path);
            var bytes = _local.Read(path);
            if (bytes is null || SyncDirectory.Hash(bytes) != localSha)
            {
                return; // changed again while this run looked at it: the next run takes it
            }

            string content;
            try
            {
                content = StrictUtf8.GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                report.Problems.Add(new SyncProblem(path, "not UTF-8 text; memories hold text, so it stays here"));
                return;
            }

            var written = remote is null && known is null
                ? await client.CreateMemoryAsync(storeId, new CreateMemoryRequest(path, content, "synced from a directory"), cancellationToken).ConfigureAwait(false)
                : await client.UpdateMemoryAsync(storeId, (remote?.Id ?? known!.MemoryId), new UpdateMemoryRequest(content, ExpectedContentSha256: known?.Sha256 ?? remote!.ContentSha256, Reason: "synced from a directory"), cancellationToken).ConfigureAwait(false);
            if (written.Proposal is { } proposal)
            {
                await ProposedAsync(path, proposal, remote, known, state, report, cancellationToken).ConfigureAwait(false);
                return;
            }

            state.Record(path, new SyncedFile(written.Value.Id, written.Value.ContentSha256, Size: stamp.Size, Modified: stamp.Modified));
            report.Pushed.Add(path);
        }
        catch (PreconditionFailedException)
        {
            report.Problems.Add(new SyncProblem(path, "changed in the store while this run pushed it; the next run reconciles"));
        }
        catch (PermissionDeniedException)
        {
            report.ReadOnly.Add(path);
            await RestoreAsync(path, remote ?? (known is null ? null : await TryGetAsync(known.MemoryId, cancellationToken).ConfigureAwait(false)), readOnly: true, state, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A push filed as a proposal: reported, and the file put back as the store still has it.</summary>
    private async Task ProposedAsync(string path, Engram.Review.Proposal proposal, Memory? remote, SyncedFile? known, SyncState state, SyncReport report, CancellationToken cancellationToken)
    {
        report.Proposals.Add(new SyncProposal(path, proposal.Id));
        await RestoreAsync(path, remote ?? (known is null ? null : await TryGetAsync(known.MemoryId, cancellationToken).ConfigureAwait(false)), readOnly: false, state, cancellationToken).ConfigureAwait(false);
    }

    private async Task ConflictAsync(string path, Memory remote, SyncedFile? known, SyncState state, SyncReport report, CancellationToken cancellationToken)
    {
        var mine = _local.Read(path);
        if (mine is not null)
        {
            report.Conflicts.Add(new SyncConflict(path, _local.KeepConflict(path, mine)));
        }

        await PullAsync(path, remote, known, state, report, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Puts the store's content back at <paramref name="path"/> (or removes a file the store does not have) after a refused write.</summary>
    private async Task RestoreAsync(string path, Memory? remote, bool readOnly, SyncState state, CancellationToken cancellationToken)
    {
        if (remote is null)
        {
            var mine = _local.Read(path);
            if (mine is not null && readOnly)
            {
                _local.KeepConflict(path, mine); // the refused new file is not thrown away
                _local.Delete(path);
            }

            return;
        }

        var full = await client.GetMemoryAsync(storeId, remote.Id, MemoryView.Full, cancellationToken).ConfigureAwait(false);
        var current = _local.Read(path);
        if (current is not null && SyncDirectory.Hash(current) != full.ContentSha256)
        {
            _local.KeepConflict(path, current); // the refused edit is kept beside the file
        }

        _local.Write(path, Encoding.UTF8.GetBytes(full.Content ?? ""), readOnly);
        state.Record(path, Synced(path, full.Id, full.ContentSha256, readOnly));
    }

    /// <summary>What both sides hold at <paramref name="path"/> now, with the file's size and time as just written.</summary>
    private SyncedFile Synced(string path, string memoryId, string sha256, bool readOnly)
    {
        var (size, modified) = _local.Stamp(path);
        return new SyncedFile(memoryId, sha256, readOnly, size, modified);
    }

    private async Task<Memory?> TryGetAsync(string memoryId, CancellationToken cancellationToken)
    {
        try
        {
            return await client.GetMemoryAsync(storeId, memoryId, MemoryView.Basic, cancellationToken).ConfigureAwait(false);
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

    private async Task<Dictionary<string, Memory>> ListRemoteAsync(CancellationToken cancellationToken)
    {
        var memories = new Dictionary<string, Memory>(StringComparer.Ordinal);
        string? page = null;
        do
        {
            var listed = await client.ListMemoriesAsync(storeId, new MemoryListQuery(Limit: PageSize, Page: page), cancellationToken).ConfigureAwait(false);
            foreach (var memory in listed.Data.OfType<Memory>())
            {
                memories[memory.Path] = memory;
            }

            page = listed.NextPage;
        }
        while (page is not null);
        return memories;
    }
}
