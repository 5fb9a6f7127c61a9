using Engram.Memories;

namespace Engram.Dreaming.Dreams;

/// <summary>
/// The stores <c>create_new</c> dreams write. Each carries its dream in its metadata, so the places that list stores for
/// a person choosing one (the default "only store", <c>engram store list</c>) can leave them out instead of piling up a
/// store per dream; the compatible API lists them like any store.
/// </summary>
internal static class DreamOutputs
{
    /// <summary>The metadata key naming the dream that wrote the store.</summary>
    public const string MetadataKey = "engram.dream_output";

    /// <summary>True when a <c>create_new</c> dream wrote <paramref name="store"/>.</summary>
    public static bool IsDreamOutput(MemoryStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.Metadata.ContainsKey(MetadataKey);
    }
}
