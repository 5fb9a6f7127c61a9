using System.Globalization;
using Engram.Storage;

namespace Engram.Search;

/// <summary>
/// Search settings kept in a store's metadata, so they travel with the store and any client of the
/// compatible API can set them: <c>engram.semantic</c> (<c>on</c> to embed memories for semantic search)
/// and <c>engram.stale_after_days</c> (how old a <c>verified</c> date may get before the memory counts as stale).
/// </summary>
internal sealed record StoreSettings(bool Semantic, TimeSpan? StaleAfter)
{
    /// <summary>The metadata key that turns semantic search on.</summary>
    public const string SemanticKey = "engram.semantic";

    /// <summary>The metadata key for the staleness horizon, in days.</summary>
    public const string StaleAfterKey = "engram.stale_after_days";

    /// <summary>Reads the settings from store metadata (unknown or malformed values mean off).</summary>
    public static StoreSettings From(IReadOnlyDictionary<string, string> metadata) => new(
        metadata.TryGetValue(SemanticKey, out var semantic) && semantic is "on" or "true",
        metadata.TryGetValue(StaleAfterKey, out var days) && double.TryParse(days, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d > 0
            ? TimeSpan.FromDays(d)
            : null);
}

/// <summary>Reads store settings from storage: always current (a key lookup), so a change applies at once.</summary>
internal sealed class StoreSettingsCache(IMemoryStorage storage)
{
    /// <summary>The store's settings (off for a store that does not exist).</summary>
    public async Task<StoreSettings> GetAsync(string storeId, CancellationToken cancellationToken)
    {
        var store = await storage.GetStoreAsync(storeId, cancellationToken).ConfigureAwait(false);
        return store is null ? new StoreSettings(false, null) : StoreSettings.From(store.Metadata);
    }
}
