using Engram.Errors;
using Engram.Identity;
using Engram.Memories;

namespace Engram.Client;

/// <summary>
/// Which store a request means. The rule, the same in every face: the store the request names (an id, or a
/// name; an ambiguous name is refused with the candidates), else the only working store the caller can see.
/// Working means live and not written by a <c>create_new</c> dream: archived stores and dreams' outputs are
/// only ever named, so running a dream never breaks the default. Between the two comes the store the request is
/// about, when a face knows it: the store a dream read (<see cref="ResolveForDreamAsync"/>), the store a synced
/// directory's state names (passed as the reference). When there is no single store, the error says how to
/// name one in the face's own terms (<see cref="StoreNaming"/>).
/// </summary>
internal static class StoreResolver
{
    /// <summary>Stores named in the error that asks for one, before the rest are counted.</summary>
    private const int MaxNamesInError = 10;

    /// <summary>Resolves <paramref name="reference"/> (an id, a name, or null for "the only working store").</summary>
    public static async Task<MemoryStore> ResolveAsync(IMemoryStoreClient client, string? reference, StoreNaming naming, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(naming);
        if (reference is not null && IdPrefix.Matches(reference, IdPrefix.MemoryStore))
        {
            return await client.GetStoreAsync(reference, cancellationToken).ConfigureAwait(false);
        }

        var candidates = new List<MemoryStore>();
        await foreach (var store in ListAllAsync(client, includeArchived: reference is not null, cancellationToken).ConfigureAwait(false))
        {
            if ((reference is null && IsWorking(store)) || store.Name == reference)
            {
                candidates.Add(store);
            }
        }

        return candidates switch
        {
            [var only] => only,
            [] when reference is null => throw new InvalidRequestException(naming.Field, naming.WhenNone),
            [] => throw new NotFoundException("memory_store named", reference!),
            _ when reference is null => throw new InvalidRequestException(naming.Field, $"there are {candidates.Count} stores you can see ({Names(candidates)}); {naming.HowToPick}"),
            _ => throw new InvalidRequestException(naming.Field, $"the name \"{reference}\" matches {candidates.Count} stores ({string.Join(", ", candidates.Select(s => s.Id))}); pass an id"),
        };
    }

    /// <summary>
    /// The store dream <paramref name="dreamId"/> read, where its proposals wait for review: what a request about
    /// the dream means without naming a store. A <paramref name="reference"/> naming another store is refused. An
    /// id that names no dream the caller can see leaves the choice to <see cref="ResolveAsync"/> (no proposals carry it).
    /// </summary>
    public static async Task<MemoryStore> ResolveForDreamAsync(IEngramClient client, string? reference, string dreamId, StoreNaming naming, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(naming);
        Dreaming.Dreams.Dream dream;
        try
        {
            dream = await client.GetDreamAsync(dreamId, cancellationToken).ConfigureAwait(false);
        }
        catch (NotFoundException)
        {
            return await ResolveAsync(client, reference, naming, cancellationToken).ConfigureAwait(false);
        }

        var store = await client.GetStoreAsync(dream.StoreId, cancellationToken).ConfigureAwait(false);
        if (reference is not null && reference != store.Id && reference != store.Name)
        {
            throw new InvalidRequestException(naming.Field,
                $"dream {dream.Id} read store {store.Name} ({store.Id}), where its proposals wait for review, not \"{reference}\"; leave {naming.Field} out or name that store");
        }

        return store;
    }

    /// <summary>
    /// The store proposal <paramref name="proposalId"/> waits in, when no store is named: the only working store, else
    /// the one store among those the caller can see (archived and dreams' outputs included: a proposal belongs to its
    /// store) that holds it. Named, the store is resolved as <see cref="ResolveAsync"/> does and the proposal is looked
    /// for there alone. A proposal in no store the caller can see is not found, the same for missing and unreadable.
    /// <paramref name="likely"/> (a store id, such as the one a link came from) is looked in first.
    /// </summary>
    public static async Task<MemoryStore> ResolveForProposalAsync(
        IEngramClient client, string? reference, string proposalId, StoreNaming naming, CancellationToken cancellationToken = default, string? likely = null)
    {
        ArgumentNullException.ThrowIfNull(naming);
        if (reference is not null)
        {
            return await ResolveAsync(client, reference, naming, cancellationToken).ConfigureAwait(false);
        }

        var working = await ListWorkingAsync(client, cancellationToken).ConfigureAwait(false);
        if (working.Count == 1)
        {
            return working[0];
        }

        if (!IdPrefix.Matches(proposalId, "prop"))
        {
            throw new NotFoundException("proposal", proposalId);
        }

        var ordered = new List<MemoryStore>();
        await foreach (var store in ListAllAsync(client, includeArchived: true, cancellationToken).ConfigureAwait(false))
        {
            ordered.Add(store);
        }

        // The likely store, then working stores: that is where people review.
        foreach (var store in ordered.OrderBy(s => s.Id == likely ? 0 : IsWorking(s) ? 1 : 2))
        {
            try
            {
                await client.GetProposalAsync(store.Id, proposalId, cancellationToken).ConfigureAwait(false);
                return store;
            }
            catch (NotFoundException)
            {
                // not in this store, or not readable there: try the next
            }
        }

        throw new NotFoundException("proposal", proposalId);
    }

    /// <summary>
    /// Every working store the caller can see (live, and not written by a <c>create_new</c> dream: the stores a request
    /// that names none could mean), by name, then id, so a listing that walks them is stable between calls.
    /// </summary>
    public static async Task<IReadOnlyList<MemoryStore>> ListWorkingAsync(IMemoryStoreClient client, CancellationToken cancellationToken = default)
    {
        var stores = new List<MemoryStore>();
        await foreach (var store in ListAllAsync(client, includeArchived: false, cancellationToken).ConfigureAwait(false))
        {
            if (IsWorking(store))
            {
                stores.Add(store);
            }
        }

        return [.. stores.OrderBy(s => s.Name, StringComparer.Ordinal).ThenBy(s => s.Id, StringComparer.Ordinal)];
    }

    /// <summary>Not archived (the listing leaves those out unless asked) and not a dream's output.</summary>
    private static bool IsWorking(MemoryStore store) => store.ArchivedAt is null && !Dreaming.Dreams.DreamOutputs.IsDreamOutput(store);

    /// <summary>Every store, following pages.</summary>
    public static async IAsyncEnumerable<MemoryStore> ListAllAsync(
        IMemoryStoreClient client,
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

    private static string Names(List<MemoryStore> stores)
    {
        var names = stores.Select(s => s.Name).Order(StringComparer.Ordinal).ToList();
        return names.Count <= MaxNamesInError
            ? string.Join(", ", names)
            : $"{string.Join(", ", names.Take(MaxNamesInError))} and {names.Count - MaxNamesInError} more";
    }
}

/// <summary>
/// How a face lets its caller name a store, for the errors that ask for one, in that face's terms (a command-line
/// option, a tool argument, a URL parameter).
/// </summary>
/// <param name="Field">What the error names: the option or argument that takes a store.</param>
/// <param name="HowToPick">What to do when several stores could be meant, such as "pick one with --store NAME|ID".</param>
/// <param name="WhenNone">What to say when the caller can see no working store at all.</param>
internal sealed record StoreNaming(string Field, string HowToPick, string WhenNone);
