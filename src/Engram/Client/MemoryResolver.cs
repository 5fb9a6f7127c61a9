using Engram.Identity;
using Engram.Memories;

namespace Engram.Client;

/// <summary>Turns what a person types for a memory (an id or a path) into a memory.</summary>
internal static class MemoryResolver
{
    /// <summary>The memory with id <paramref name="reference"/>, or at path <paramref name="reference"/>.</summary>
    public static Task<Memory> ResolveAsync(IMemoryStoreClient client, string storeId, string reference, MemoryView view, CancellationToken cancellationToken = default) =>
        IdPrefix.Matches(reference, IdPrefix.Memory)
            ? client.GetMemoryAsync(storeId, reference, view, cancellationToken)
            : client.GetMemoryByPathAsync(storeId, reference, view, cancellationToken);

    /// <summary>Every item under a prefix, following pages.</summary>
    public static async IAsyncEnumerable<MemoryListItem> ListAllAsync(
        IMemoryStoreClient client,
        string storeId,
        string? pathPrefix,
        int depth,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? page = null;
        do
        {
            var result = await client.ListMemoriesAsync(storeId, new MemoryListQuery(pathPrefix, depth, Limit: 100, Page: page), cancellationToken).ConfigureAwait(false);
            foreach (var item in result.Data)
            {
                yield return item;
            }

            page = result.NextPage;
        }
        while (page is not null);
    }
}
