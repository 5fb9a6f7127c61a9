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

    /// <summary>The store, inside a unit of work, if it exists and the caller may know it does; otherwise not found.</summary>
    internal static MemoryStore VisibleStore(IStorageWriter tx, Caller caller, PolicySet rules, string storeId)
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

    /// <summary>The gate's refusal of <paramref name="action"/> on <paramref name="target"/>, to record after the unit of work.</summary>
    internal static Denial Denied(Caller caller, string action, string storeId, string target, WriteDecision decision) =>
        new(caller, action, storeId, target, decision.Refusal!);

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
