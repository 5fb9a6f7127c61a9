using Engram.Memories;

namespace Engram.Client;

/// <summary>
/// What a redaction leaves readable: the memory's other versions that hold the very content a version held before it
/// was redacted. A rename, a revert or a write of the same text each add a version with that content, so erasing one
/// version of a leaked secret leaves it in the others; a person redacting must be told which.
/// </summary>
internal static class RedactionLeftovers
{
    /// <summary>The most versions read to find them: a memory's history past this is reported as not searched to its end.</summary>
    public const int MaxVersionsRead = 10_000;

    /// <summary>
    /// The versions of <paramref name="before"/>'s memory, other than itself and not redacted, whose content hash is the
    /// one <paramref name="before"/> had; newest first. Only versions the caller may read are seen.
    /// </summary>
    /// <param name="client">The caller's client.</param>
    /// <param name="storeId">The store.</param>
    /// <param name="before">The version as it was read before it was redacted (its hash is needed).</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    public static async Task<IReadOnlyList<MemoryVersion>> FindAsync(IMemoryStoreClient client, string storeId, MemoryVersion before, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(before);
        if (before.ContentSha256 is not { } hash)
        {
            return [];
        }

        var found = new List<MemoryVersion>();
        string? page = null;
        var read = 0;
        do
        {
            var result = await client.ListVersionsAsync(storeId, new VersionListQuery(MemoryId: before.MemoryId, Limit: 100, Page: page), cancellationToken).ConfigureAwait(false);
            found.AddRange(result.Data.Where(v => v.Id != before.Id && !v.IsRedacted && string.Equals(v.ContentSha256, hash, StringComparison.Ordinal)));
            read += result.Data.Count;
            page = result.NextPage;
        }
        while (page is not null && read < MaxVersionsRead);

        return found;
    }
}
