using Engram.Errors;

namespace Engram.Dreaming.Dreams;

/// <summary>
/// A dream asked to <c>update_existing</c> a store another unfinished dream already writes. Maps to HTTP 409 with
/// <c>x-should-retry: false</c> (the SDK's <c>BetaTargetStoreHeldError</c>); wait for the other dream or cancel it.
/// </summary>
public sealed class DreamStoreHeldException(string storeId, string holderDreamId)
    : EngramException(
        ErrorType.Conflict,
        "conflict_error",
        $"output_behavior.memory_store_id: memory store {storeId} is held by dream {holderDreamId}, which has not finished; wait for it to end or cancel it, then retry",
        ErrorCodes.StoreHeld)
{
    /// <summary>The store both dreams would write.</summary>
    public string StoreId { get; } = storeId;

    /// <summary>The unfinished dream that writes it.</summary>
    public string HolderDreamId { get; } = holderDreamId;
}
