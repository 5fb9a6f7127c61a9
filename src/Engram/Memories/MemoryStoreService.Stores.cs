using Engram.Access;
using Engram.Access.Policies;
using Engram.Errors;
using Engram.Identity;
using Engram.Storage;

namespace Engram.Memories;

internal sealed partial class MemoryStoreService
{
    /// <summary>Creates a store with the default policy (PolicyRules.DefaultsFor). Agent sessions cannot create stores.</summary>
    public async Task<MemoryStore> CreateStoreAsync(Caller caller, CreateStoreRequest request, CancellationToken cancellationToken)
    {
        var name = StoreRules.ValidateName(request.Name);
        var description = StoreRules.ValidateDescription(request.Description);
        var metadata = StoreRules.ValidateMetadata(request.Metadata ?? new Dictionary<string, string>());
        if (caller.Session is not null)
        {
            await audit.DeniedAsync(caller, "store.create", null, name, "agent sessions cannot create stores", cancellationToken).ConfigureAwait(false);
            throw new PermissionDeniedException("agent sessions cannot create stores; a person or service account creates them and attaches them to sessions");
        }

        var created = await storage.WriteAsync(tx =>
        {
            var now = Now();
            var store = new MemoryStore(ids.NewId(IdPrefix.MemoryStore), name, description, metadata, now, now, null);
            tx.InsertStore(store);
            foreach (var rule in PolicyRules.DefaultsFor(store.Id))
            {
                tx.InsertPolicyRule(PolicyRules.Create(rule, ids.NewId("pol"), now));
            }

            audit.Record(tx, caller, "store.create", store.Id, store.Id);
            return store;
        }, cancellationToken).ConfigureAwait(false);
        policies.Invalidate();
        return created;
    }

    /// <summary>The store, if the caller may see it.</summary>
    public async Task<MemoryStore> GetStoreAsync(Caller caller, string storeId, CancellationToken cancellationToken) =>
        (await ReadAccessAsync(caller, storeId, cancellationToken).ConfigureAwait(false)).Store;

    /// <summary>The stores the caller may see, newest first.</summary>
    public async Task<Page<MemoryStore>> ListStoresAsync(Caller caller, StoreListQuery query, CancellationToken cancellationToken)
    {
        var limit = ListLimits.Resolve(query.Limit);
        var rules = await policies.CurrentAsync(cancellationToken).ConfigureAwait(false);
        var filter = new StoreFilter(query.IncludeArchived, query.CreatedAtGte, query.CreatedAtLte);
        return await FilteredPageAsync(
            limit,
            PageToken.ParseTimeId(query.Page),
            (after, count) => storage.ListStoresAsync(filter, after, count, cancellationToken),
            store => rules.GrantsAnything(caller, store.Id),
            store => new TimeIdCursor(store.CreatedAt, store.Id)).ConfigureAwait(false);
    }

    /// <summary>Changes name, description and metadata (keys merge; a null value removes its key). Needs admin on the store.</summary>
    public async Task<MemoryStore> UpdateStoreAsync(Caller caller, string storeId, UpdateStoreRequest request, CancellationToken cancellationToken)
    {
        var name = request.Name is null ? null : StoreRules.ValidateName(request.Name);
        var description = request.Description is null ? null : StoreRules.ValidateDescription(request.Description);
        var rules = await policies.CurrentAsync(cancellationToken).ConfigureAwait(false);
        return await RunAsync<MemoryStore>(tx =>
        {
            var store = VisibleStore(tx, caller, rules, storeId);
            if (RequireStoreAdmin(caller, rules, storeId, "store.update") is { } denied)
            {
                return denied;
            }

            WriteGate.RequireOpen(store);
            var metadata = new Dictionary<string, string>(store.Metadata, StringComparer.Ordinal);
            foreach (var (key, value) in request.Metadata ?? new Dictionary<string, string?>())
            {
                if (value is null)
                {
                    metadata.Remove(key);
                }
                else
                {
                    metadata[key] = value;
                }
            }

            var merged = StoreRules.ValidateMetadata(metadata);
            var changed = store with { Name = name ?? store.Name, Description = description ?? store.Description, Metadata = merged };
            if (changed.Name == store.Name && changed.Description == store.Description && merged.SequenceEqual(store.Metadata))
            {
                return store;
            }

            changed = changed with { UpdatedAt = Now() };
            tx.UpdateStore(changed);
            var semantic = Search.StoreSettings.From(merged).Semantic;
            if (semantic != Search.StoreSettings.From(store.Metadata).Semantic)
            {
                // Turning semantic search on embeds what the store already holds; turning it off drops the vectors.
                tx.SetStoreEmbedding(storeId, semantic, ids.NewId("embed"));
            }

            audit.Record(tx, caller, "store.update", storeId, storeId);
            return changed;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Archives a store for good: afterwards its memories can be read, deleted and redacted, not written. Needs admin.</summary>
    public async Task<MemoryStore> ArchiveStoreAsync(Caller caller, string storeId, CancellationToken cancellationToken)
    {
        var rules = await policies.CurrentAsync(cancellationToken).ConfigureAwait(false);
        return await RunAsync<MemoryStore>(tx =>
        {
            var store = VisibleStore(tx, caller, rules, storeId);
            if (RequireStoreAdmin(caller, rules, storeId, "store.archive") is { } denied)
            {
                return denied;
            }

            if (store.IsArchived)
            {
                return store;
            }

            var now = Now();
            var archived = store with { ArchivedAt = now, UpdatedAt = now };
            tx.UpdateStore(archived);
            audit.Record(tx, caller, "store.archive", storeId, storeId);
            return archived;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes a store with all its memories, versions and proposals. Needs admin.</summary>
    public async Task DeleteStoreAsync(Caller caller, string storeId, CancellationToken cancellationToken)
    {
        var rules = await policies.CurrentAsync(cancellationToken).ConfigureAwait(false);
        await RunAsync<bool>(tx =>
        {
            VisibleStore(tx, caller, rules, storeId);
            if (RequireStoreAdmin(caller, rules, storeId, "store.delete") is { } denied)
            {
                return denied;
            }

            tx.DeleteStore(storeId);
            audit.Record(tx, caller, "store.delete", storeId, storeId);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A page of the rows the caller may see. Rows are fetched in batches after the cursor and filtered
    /// before the page is cut, so a page is full whenever enough visible rows exist.
    /// </summary>
    private static async Task<Page<T>> FilteredPageAsync<T>(
        int limit, TimeIdCursor? after, Func<TimeIdCursor?, int, Task<IReadOnlyList<T>>> fetch, Func<T, bool> visible, Func<T, TimeIdCursor> cursorOf)
    {
        var kept = new List<T>(limit + 1);
        while (kept.Count <= limit)
        {
            var want = limit + 1;
            var rows = await fetch(after, want).ConfigureAwait(false);
            foreach (var row in rows)
            {
                after = cursorOf(row);
                if (visible(row))
                {
                    kept.Add(row);
                    if (kept.Count > limit)
                    {
                        break;
                    }
                }
            }

            if (rows.Count < want)
            {
                break;
            }
        }

        return ToPage(kept, limit, row => PageToken.For(cursorOf(row)));
    }
}
