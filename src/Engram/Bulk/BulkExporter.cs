using System.Text;
using Engram.Client;
using Engram.Errors;
using Engram.Memories;
using Engram.Sync;

namespace Engram.Bulk;

/// <summary>What an export wrote, and what it did not (by path, with the rule).</summary>
internal sealed class BulkExportSummary
{
    public int Written { get; internal set; }

    public long Bytes { get; internal set; }

    /// <summary>Memories not written by rule: hidden paths (a <c>.git/hooks</c> file in a store must not land in a checkout), editor backups.</summary>
    public List<BulkFileNote> Skipped { get; } = [];

    /// <summary>Memories the file system would not take (a file in the way of a directory, a link on the way, a name too long).</summary>
    public List<BulkFileNote> Failed { get; } = [];

    public bool Incomplete => Failed.Count > 0;
}

/// <summary>
/// Writes a store (or the memories under a prefix) out as a directory of markdown: each memory's exact content (its
/// front matter included) in the file at its path below the prefix, so <see cref="BulkImporter"/> with the same prefix
/// loads it back unchanged. Each file is written atomically (a temporary file renamed over it) but not flushed to disk one
/// by one: an export is a copy a rerun repeats, and an fsync per file cost more than all the rest of its work (bench bulk). Refuses a non-empty directory unless told to write into it; never writes outside it: no
/// link below it is followed, and hidden paths are not written.
/// </summary>
internal sealed class BulkExporter(IMemoryStoreClient client)
{
    /// <summary>Exports <paramref name="storeId"/> under <paramref name="prefix"/> into <paramref name="directory"/>.</summary>
    public async Task<BulkExportSummary> ExportAsync(
        string storeId, string directory, string? prefix, bool intoNonEmpty, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var under = PathPrefix.ParseDirectory(prefix, "--prefix");
        if (File.Exists(directory))
        {
            throw new InvalidRequestException("dir", $"{directory} is a file; give a directory to export into");
        }

        if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any() && !intoNonEmpty)
        {
            throw new InvalidRequestException("dir", $"{directory} is not empty; export into a new or empty directory, or pass --force to write over the files at the memories' paths");
        }

        // Checked before anything is created, so a store that cannot be read leaves no directory behind.
        await client.GetStoreAsync(storeId, cancellationToken).ConfigureAwait(false);
        Directory.CreateDirectory(directory);
        var local = new SyncDirectory(SyncDirectory.RealPath(directory), TimeProvider.System);
        var summary = new BulkExportSummary();
        string? page = null;
        do
        {
            var listed = await client.ListMemoriesAsync(storeId, new MemoryListQuery(under.Value, Page: page, Limit: ListLimits.MaxWithContent, View: MemoryView.Full), cancellationToken).ConfigureAwait(false);
            foreach (var memory in listed.Data.OfType<Memory>())
            {
                Write(local, under, memory, summary);
            }

            progress?.Report(summary.Written);
            page = listed.NextPage;
        }
        while (page is not null);
        return summary;
    }

    private static void Write(SyncDirectory local, PathPrefix under, Memory memory, BulkExportSummary summary)
    {
        var file = "/" + memory.Path[under.Value.Length..];
        if (SyncDirectory.WhyNotMirrored(file) is { } why)
        {
            summary.Skipped.Add(new BulkFileNote(memory.Path, why.Replace("a sync directory", "an export", StringComparison.Ordinal)));
            return;
        }

        var bytes = Encoding.UTF8.GetBytes(memory.Content ?? "");
        try
        {
            local.Write(file, bytes, readOnly: false, durable: false);
            summary.Written++;
            summary.Bytes += bytes.Length;
        }
        catch (LocalPathException refused)
        {
            summary.Failed.Add(new BulkFileNote(memory.Path, refused.Reason));
        }
    }
}
