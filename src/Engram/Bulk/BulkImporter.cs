using System.Security.Cryptography;
using System.Text;
using Engram.Client;
using Engram.Errors;
using Engram.Memories;
using Engram.Sync;

namespace Engram.Bulk;

/// <summary>
/// Loads a directory of markdown (a Claude Code memory folder, an Obsidian vault, a basic-memory or Letta repository)
/// into a store: each file becomes the memory at its relative path under a prefix, its bytes kept exactly (front
/// matter included, which the store reads for titles, descriptions and tags), with one version and a reason each.
/// Resumable: the store's memories under the prefix are listed first, so a file the store already holds is not
/// sent again, a changed file is written under a content-hash precondition, and a new one is created. Writes go in
/// batches (<see cref="IBatchClient.WriteBatchAsync"/>). A bad file is reported by name and rule; the rest load.
/// A rerun never silently replaces a change made in the store: a memory is updated only when its current version is
/// an import's (see <see cref="IsImport"/>); otherwise the file is kept back, as a conflict when it changed since the
/// last import of it too, or as the store's newer version when it did not (<see cref="BulkImportOptions.Overwrite"/> replaces it anyway).
/// </summary>
internal sealed class BulkImporter(IEngramClient client)
{
    /// <summary>Batches sent before the first is answered: the next one is read and sent while the store commits the last, so the writer never waits on the files.</summary>
    private const int BatchesInFlight = 2;

    /// <summary>Imports <paramref name="directory"/> into <paramref name="storeId"/>.</summary>
    public async Task<BulkImportSummary> ImportAsync(
        string storeId, string directory, BulkImportOptions options, IProgress<BulkImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var prefix = PathPrefix.ParseDirectory(options.Prefix, "--prefix");
        if (options.Reason is { } reason)
        {
            UnicodeTextRules.Bounded(reason, "--reason", MemoryStoreService.MaxReasonCharacters);
        }

        if (!Directory.Exists(directory))
        {
            throw new InvalidRequestException("dir", File.Exists(directory) ? $"{directory} is a file; give the directory of markdown files to import" : $"{directory} does not exist");
        }

        var summary = new BulkImportSummary();
        var files = ImportScan.Walk(directory, summary);
        summary.Files = files.Count;
        var held = await HeldAsync(storeId, prefix, cancellationToken).ConfigureAwait(false);
        var pending = await PendingAsync(storeId, cancellationToken).ConfigureAwait(false);
        var local = new SyncDirectory(SyncDirectory.RealPath(directory), TimeProvider.System);
        var batch = new List<(string File, BatchWriteItem Item)>();
        var inFlight = new Queue<(List<(string File, BatchWriteItem Item)> Batch, Task<IReadOnlyList<BatchItemOutcome>> Written)>();
        long batchBytes = 0;
        var done = 0;

        // Outcomes are recorded here, on the importer's own flow, so the summary is never touched by two threads.
        async Task ReceiveAsync()
        {
            var (sent, written) = inFlight.Dequeue();
            foreach (var outcome in await written.ConfigureAwait(false))
            {
                var file = sent[outcome.Index].File;
                switch (outcome.Status)
                {
                    case BatchItemStatus.Created: summary.Created++; break;
                    case BatchItemStatus.Updated: summary.Updated++; break;
                    case BatchItemStatus.Unchanged: summary.Unchanged++; break;
                    case BatchItemStatus.Proposed: summary.Proposed.Add(new BulkProposal(file, outcome.Path!, outcome.ProposalId!)); break;
                    case BatchItemStatus.Refused when outcome.Error is PreconditionFailedException && !options.Overwrite:
                        summary.Conflicts.Add(new BulkFileNote(file, ChangedInStore)); break;
                    default: summary.Failed.Add(new BulkFileNote(file, outcome.Error?.Message ?? $"not written ({outcome.Status})")); break;
                }
            }

            done += sent.Count;
            progress?.Report(new BulkImportProgress(files.Count, done, summary.Written, summary.Unchanged, summary.Failed.Count));
        }

        async Task SendAsync()
        {
            if (inFlight.Count >= BatchesInFlight)
            {
                await ReceiveAsync().ConfigureAwait(false);
            }

            inFlight.Enqueue((batch, client.WriteBatchAsync(storeId, batch.Select(b => b.Item).ToList(), cancellationToken)));
            batch = [];
            batchBytes = 0;
        }

        try
        {
            foreach (var file in files)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var item = Prepare(local, file, prefix, held, pending, options, summary);
                if (item is { Operation: BatchOperation.Write } && !options.Overwrite
                    && !await MayReplaceAsync(storeId, file, held[item.Path!], item, options, summary, cancellationToken).ConfigureAwait(false))
                {
                    item = null;
                }

                if (item is null)
                {
                    done++;
                    continue;
                }

                var size = Encoding.UTF8.GetByteCount(item.Content!);
                if (batch.Count > 0 && (batch.Count >= options.ItemsPerBatch || batchBytes + size > options.BytesPerBatch))
                {
                    await SendAsync().ConfigureAwait(false);
                }

                batch.Add((file, item));
                batchBytes += size;
            }

            if (batch.Count > 0)
            {
                await SendAsync().ConfigureAwait(false);
            }

            while (inFlight.Count > 0)
            {
                await ReceiveAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            // A failed batch (the server gone, the store deleted) ends the import; the others still in flight are let finish, not abandoned.
            foreach (var (_, written) in inFlight)
            {
                await Task.WhenAny(written).ConfigureAwait(false);
            }
        }

        summary.Failed.Sort((a, b) => string.CompareOrdinal(a.File, b.File));
        summary.Conflicts.Sort((a, b) => string.CompareOrdinal(a.File, b.File));
        summary.Kept.Sort((a, b) => string.CompareOrdinal(a.File, b.File));
        return summary;
    }

    /// <summary>
    /// The write for one file, or null when there is nothing to write (the store holds it already) or it cannot be
    /// imported (noted in <paramref name="summary"/>).
    /// </summary>
    private static BatchWriteItem? Prepare(
        SyncDirectory local, string file, PathPrefix prefix, Dictionary<string, Memory> held, Dictionary<(string Path, string Sha256), string> pending, BulkImportOptions options, BulkImportSummary summary)
    {
        // A name the file system keeps decomposed (macOS's HFS+ did) is the same name to a person; paths are NFC.
        var path = prefix.Value + file.Normalize(NormalizationForm.FormC);
        if (MemoryPath.FindBrokenRule(path) is { } broken)
        {
            summary.Failed.Add(new BulkFileNote(file, $"path {path}: {broken}"));
            return null;
        }

        byte[]? bytes;
        try
        {
            var length = new FileInfo(Path.Combine(local.Root, file)).Length;
            if (length > MemoryContent.MaxBytes)
            {
                summary.Failed.Add(new BulkFileNote(file, $"is {length:N0} bytes; a memory holds at most {MemoryContent.MaxBytes:N0} bytes of UTF-8"));
                return null;
            }

            bytes = local.Read("/" + file);
        }
        catch (LocalPathException refused)
        {
            summary.Failed.Add(new BulkFileNote(file, refused.Reason));
            return null;
        }
        catch (Exception error) when (LocalPathException.IsFileSystemFailure(error))
        {
            summary.Failed.Add(new BulkFileNote(file, error.Message));
            return null;
        }

        if (bytes is null)
        {
            summary.Failed.Add(new BulkFileNote(file, "was deleted while the import ran"));
            return null;
        }

        string content;
        try
        {
            content = MemoryContent.DecodeUtf8(bytes);
        }
        catch (InvalidRequestException invalid)
        {
            summary.Failed.Add(new BulkFileNote(file, invalid.Message));
            return null;
        }

        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var current = held.TryGetValue(path, out var memory) ? memory.ContentSha256 : null;
        if (current == sha)
        {
            summary.Unchanged++;
            return null;
        }

        // A proposer's earlier run filed this very change; it waits for review, and filing it again would only add a duplicate.
        if (pending.TryGetValue((path, sha), out var proposalId))
        {
            summary.Proposed.Add(new BulkProposal(file, path, proposalId));
            return null;
        }

        var reason = options.Reason ?? $"imported from {file}";
        return current is null
            ? new BatchWriteItem(BatchOperation.Create, path, content, Reason: reason)
            : new BatchWriteItem(BatchOperation.Write, path, content, ExpectedContentSha256: current, Reason: reason);
    }

    /// <summary>The pending proposals the caller may see, by the path and content they propose; none when it may see none.</summary>
    private async Task<Dictionary<(string Path, string Sha256), string>> PendingAsync(string storeId, CancellationToken cancellationToken)
    {
        var pending = new Dictionary<(string Path, string Sha256), string>();
        string? page = null;
        do
        {
            Page<Review.Proposal> listed;
            try
            {
                listed = await client.ListProposalsAsync(storeId, new Review.ProposalListQuery(Review.ProposalStatus.Pending, ListLimits.Max, page), cancellationToken).ConfigureAwait(false);
            }
            catch (PermissionDeniedException)
            {
                return pending;
            }

            foreach (var proposal in listed.Data)
            {
                if (proposal.ContentSha256 is { } sha && proposal.NewPath is null)
                {
                    pending.TryAdd((proposal.Path, sha), proposal.Id);
                }
            }

            page = listed.NextPage;
        }
        while (page is not null);
        return pending;
    }

    private const string ChangedInStore = "changed in the store since it was imported; not overwritten; pass --overwrite to replace it";

    /// <summary>
    /// Whether the import may replace <paramref name="memory"/> with the changed file: only when the memory's current
    /// version is an import's. Otherwise the file is noted in <paramref name="summary"/>: kept (the file is what the
    /// last import of it wrote, so only the store changed) or a conflict (both changed, or no import ever wrote it).
    /// </summary>
    private async Task<bool> MayReplaceAsync(
        string storeId, string file, Memory memory, BatchWriteItem item, BulkImportOptions options, BulkImportSummary summary, CancellationToken cancellationToken)
    {
        MemoryVersion? imported = null;
        string? page = null;
        do
        {
            Page<MemoryVersion> listed;
            try
            {
                listed = await client.ListVersionsAsync(storeId, new VersionListQuery(MemoryId: memory.Id, Limit: ListLimits.Max, Page: page), cancellationToken).ConfigureAwait(false);
            }
            catch (PermissionDeniedException)
            {
                summary.Conflicts.Add(new BulkFileNote(file, "its history cannot be read to tell whether an import wrote it; not overwritten; pass --overwrite to replace it"));
                return false;
            }

            // Newest first: the current version is the first with content.
            foreach (var version in listed.Data)
            {
                if (version.Id == memory.MemoryVersionId && IsImport(version, file, options))
                {
                    return true;
                }

                if (version.Operation != VersionOperation.Deleted && IsImport(version, file, options))
                {
                    imported = version;
                    break;
                }
            }

            page = imported is null ? listed.NextPage : null;
        }
        while (page is not null);

        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(item.Content!)));
        if (imported is null)
        {
            summary.Conflicts.Add(new BulkFileNote(file, "written in the store, not by an import; not overwritten; pass --overwrite to replace it"));
        }
        else if (imported.ContentSha256 == sha)
        {
            summary.Kept.Add(new BulkFileNote(file, "changed in the store since it was imported, the file not: kept the store's newer version"));
        }
        else
        {
            summary.Conflicts.Add(new BulkFileNote(file, ChangedInStore));
        }

        return false;
    }

    /// <summary>
    /// A version an import of <paramref name="file"/> wrote: its reason is <c>imported from FILE</c>, or the
    /// <c>--reason</c> this run was given.
    /// </summary>
    private static bool IsImport(MemoryVersion version, string file, BulkImportOptions options) =>
        version.Reason is { } reason && (reason == $"imported from {file}" || reason == options.Reason);

    /// <summary>Every memory under the prefix the caller may list, by path.</summary>
    private async Task<Dictionary<string, Memory>> HeldAsync(string storeId, PathPrefix prefix, CancellationToken cancellationToken)
    {
        var held = new Dictionary<string, Memory>(StringComparer.Ordinal);
        string? page = null;
        do
        {
            var listed = await client.ListMemoriesAsync(storeId, new MemoryListQuery(prefix.Value, Limit: ListLimits.Max, Page: page), cancellationToken).ConfigureAwait(false);
            foreach (var memory in listed.Data.OfType<Memory>())
            {
                held[memory.Path] = memory;
            }

            page = listed.NextPage;
        }
        while (page is not null);
        return held;
    }
}
