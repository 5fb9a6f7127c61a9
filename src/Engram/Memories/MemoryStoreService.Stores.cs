using Engram.Access;
using Engram.Errors;
using Engram.Identity;
using Engram.Storage;

namespace Engram.Memories;

public sealed partial class MemoryStoreService
{
    /// <summary>Creates a store.</summary>
    public Task<MemoryStore> CreateStoreAsync(Caller caller, CreateStoreRequest request, CancellationToken cancellationToken)
    {
        var name = StoreRules.ValidateName(request.Name);
        var description = StoreRules.ValidateDescription(request.Description);
        var metadata = StoreRules.ValidateMetadata(request.Metadata ?? new Dictionary<string, string>());
        return storage.WriteAsync(tx =>
        {
            var now = Now();
            var store = new MemoryStore(ids.NewId(IdPrefix.MemoryStore), name, description, metadata, now, now, null);
            tx.InsertStore(store);
            return store;
        }, cancellationToken);
    }

    /// <summary>The store.</summary>
    public Task<MemoryStore> GetStoreAsync(Caller caller, string storeId, CancellationToken cancellationToken) =>
        RequireStoreAsync(storeId, cancellationToken);

    /// <summary>Stores, newest first.</summary>
    public async Task<Page<MemoryStore>> ListStoresAsync(Caller caller, StoreListQuery query, CancellationToken cancellationToken)
    {
        var limit = ListLimits.Resolve(query.Limit);
        var after = PageToken.ParseTimeId(query.Page);
        var filter = new StoreFilter(query.IncludeArchived, query.CreatedAtGte, query.CreatedAtLte);
        var rows = await storage.ListStoresAsync(filter, after, limit + 1, cancellationToken).ConfigureAwait(false);
        return ToPage(rows, limit, s => PageToken.For(new TimeIdCursor(s.CreatedAt, s.Id)));
    }

    /// <summary>Changes name, description and metadata (keys merge; a null value removes its key).</summary>
    public Task<MemoryStore> UpdateStoreAsync(Caller caller, string storeId, UpdateStoreRequest request, CancellationToken cancellationToken)
    {
        var name = request.Name is null ? null : StoreRules.ValidateName(request.Name);
        var description = request.Description is null ? null : StoreRules.ValidateDescription(request.Description);
        return storage.WriteAsync(tx =>
        {
            var store = RequireWritableStore(tx, storeId);
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
            var changed = store with
            {
                Name = name ?? store.Name,
                Description = description ?? store.Description,
                Metadata = merged,
            };
            if (changed.Name == store.Name && changed.Description == store.Description && merged.SequenceEqual(store.Metadata))
            {
                return store;
            }

            changed = changed with { UpdatedAt = Now() };
            tx.UpdateStore(changed);
            return changed;
        }, cancellationToken);
    }

    /// <summary>Archives a store for good: afterwards its memories can be read, deleted and redacted, not written.</summary>
    public Task<MemoryStore> ArchiveStoreAsync(Caller caller, string storeId, CancellationToken cancellationToken) =>
        storage.WriteAsync(tx =>
        {
            var store = RequireStore(tx, storeId);
            if (store.IsArchived)
            {
                return store;
            }

            var now = Now();
            var archived = store with { ArchivedAt = now, UpdatedAt = now };
            tx.UpdateStore(archived);
            return archived;
        }, cancellationToken);

    /// <summary>Deletes a store with all its memories and versions.</summary>
    public Task DeleteStoreAsync(Caller caller, string storeId, CancellationToken cancellationToken) =>
        storage.WriteAsync(tx =>
        {
            RequireStore(tx, storeId);
            tx.DeleteStore(storeId);
            return true;
        }, cancellationToken);
}
