namespace Engram.Bulk;

/// <summary>
/// How <see cref="BulkImporter"/> loads a directory: under which store path (<see cref="Prefix"/>, default the root),
/// with which reason on every version (default <c>imported from RELATIVE/PATH.md</c>), and in batches of at most
/// <see cref="ItemsPerBatch"/> items and about <see cref="BytesPerBatch"/> of content (one request each, remotely).
/// </summary>
internal sealed record BulkImportOptions(string? Prefix = null, string? Reason = null, int ItemsPerBatch = BulkImportOptions.DefaultItemsPerBatch, long BytesPerBatch = BulkImportOptions.DefaultBytesPerBatch)
{
    /// <summary>Replace a memory changed in the store since it was imported (or never imported) with the file's content; by default such a file is kept back.</summary>
    public bool Overwrite { get; init; }

    /// <summary>Items per batch: a quarter of the server's limit, so a batch is answered in well under a second.</summary>
    public const int DefaultItemsPerBatch = 250;

    /// <summary>Content per batch: well under the batch endpoint's 32 MiB body limit, JSON escaping included.</summary>
    public const long DefaultBytesPerBatch = 4L * 1024 * 1024;
}
