using Engram.Access;
using Engram.Access.Policies;
using Engram.Errors;
using Engram.Storage;

namespace Engram.Memories;

internal sealed partial class MemoryStoreService
{
    /// <summary>The path at which store-wide capabilities (admin, reading redacted records) are evaluated.</summary>
    private const string StoreRoot = "/";

    /// <summary>The store, if it exists and the caller may know it does; otherwise not found.</summary>
    private async Task<MemoryStore> VisibleStoreAsync(Caller caller, PolicySet rules, string storeId, CancellationToken cancellationToken)
    {
        var store = await storage.GetStoreAsync(storeId, cancellationToken).ConfigureAwait(false);
        return store is not null && rules.GrantsAnything(caller, storeId) ? store : throw new NotFoundException("memory_store", storeId);
    }

    private static MemoryStore VisibleStore(IStorageWriter tx, Caller caller, PolicySet rules, string storeId)
    {
        var store = tx.GetStore(storeId);
        return store is not null && rules.GrantsAnything(caller, storeId) ? store : throw new NotFoundException("memory_store", storeId);
    }

    /// <summary>Reads the rules and the store, then gives the caller a not-found unless the store is visible.</summary>
    private async Task<(PolicySet Rules, MemoryStore Store)> ReadAccessAsync(Caller caller, string storeId, CancellationToken cancellationToken)
    {
        var rules = await policies.CurrentAsync(cancellationToken).ConfigureAwait(false);
        return (rules, await VisibleStoreAsync(caller, rules, storeId, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// A refusal for a caller that lacks <paramref name="wanted"/> on <paramref name="path"/>: not found when it
    /// may not read the path (it must not learn the path exists), otherwise permission denied.
    /// </summary>
    private static Denial Refuse(Caller caller, Capability allowed, string action, string storeId, string path, string target, Capability wanted, string notFoundKind) =>
        new(caller, action, storeId, target, (allowed & Capability.Read) == 0
            ? new NotFoundException(notFoundKind, target)
            : new PermissionDeniedException($"you may not {Describe(wanted)} {path} in store {storeId}"));

    private static string Describe(Capability wanted) => string.Join(" or ", Capabilities.Format(wanted));

    /// <summary>Store-level actions (update, archive, delete) need admin on the store.</summary>
    private static Denial? RequireStoreAdmin(Caller caller, PolicySet rules, string storeId, string action)
    {
        var allowed = rules.Evaluate(caller, storeId, StoreRoot);
        return (allowed & Capability.Admin) != 0
            ? null
            : new Denial(caller, action, storeId, storeId, new PermissionDeniedException($"you may not {action.Replace("store.", "", StringComparison.Ordinal)} store {storeId}: it needs admin on the store"));
    }

    /// <summary>The path a version is guarded by: the path at its time, or (redacted) the store root.</summary>
    private static string GuardPath(MemoryVersion version) => version.Path ?? StoreRoot;
}
