using Engram.Errors;
using Engram.Identity;
using Engram.Memories;

namespace Engram.Client;

/// <summary>
/// Turns what a person types for a store (an id, or a name) into a store. Names need not be unique, so
/// an ambiguous name is refused with the candidates; with no reference, the only live store is used.
/// </summary>
public static class StoreResolver
{
    /// <summary>What the command line tells a caller who named no store when there are several.</summary>
    public const string CommandLineChoice = "pick one with --store NAME|ID (or ENGRAM_STORE)";

    /// <summary>Resolves <paramref name="reference"/> (an id, a name, or null for "the only store").</summary>
    public static Task<MemoryStore> ResolveAsync(IEngramClient client, string? reference, CancellationToken cancellationToken = default) =>
        ResolveAsync(client, reference, CommandLineChoice, cancellationToken);

    /// <summary>
    /// Resolves <paramref name="reference"/>; with none and several stores, the error ends with <paramref name="choice"/>,
    /// how to name one (each face has its own way).
    /// </summary>
    public static async Task<MemoryStore> ResolveAsync(IEngramClient client, string? reference, string choice, CancellationToken cancellationToken = default)
    {
        if (reference is not null && IdPrefix.Matches(reference, IdPrefix.MemoryStore))
        {
            return await client.GetStoreAsync(reference, cancellationToken).ConfigureAwait(false);
        }

        var candidates = new List<MemoryStore>();
        await foreach (var store in ListAllAsync(client, includeArchived: reference is not null, cancellationToken).ConfigureAwait(false))
        {
            // "The only store" means the only working store: the stores dreams wrote are named, never defaulted to.
            if ((reference is null && !Dreaming.Dreams.DreamOutputs.IsDreamOutput(store)) || store.Name == reference)
            {
                candidates.Add(store);
            }
        }

        return candidates switch
        {
            [var only] => only,
            [] when reference is null => throw new InvalidRequestException("store", "there is no store yet; create one with `engram store create NAME`"),
            [] => throw new NotFoundException("memory_store named", reference!),
            _ when reference is null => throw new InvalidRequestException("store", $"there are {candidates.Count} stores; {choice}"),
            _ => throw new InvalidRequestException("store", $"the name \"{reference}\" matches {candidates.Count} stores ({string.Join(", ", candidates.Select(s => s.Id))}); pass an id"),
        };
    }

    /// <summary>Every store, following pages.</summary>
    public static async IAsyncEnumerable<MemoryStore> ListAllAsync(
        IEngramClient client,
        bool includeArchived,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? page = null;
        do
        {
            var result = await client.ListStoresAsync(new StoreListQuery(Limit: 100, Page: page, IncludeArchived: includeArchived), cancellationToken).ConfigureAwait(false);
            foreach (var store in result.Data)
            {
                yield return store;
            }

            page = result.NextPage;
        }
        while (page is not null);
    }
}
