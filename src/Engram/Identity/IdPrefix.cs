namespace Engram.Identity;

/// <summary>The identifier prefixes of the compatible API (and Engram's extensions).</summary>
internal static class IdPrefix
{
    public const string MemoryStore = "memstore";
    public const string Memory = "mem";
    public const string MemoryVersion = "memver";
    public const string User = "user";
    public const string ApiKey = "apikey";
    public const string ServiceAccount = "svac";
    public const string Session = "sesn";
    public const string Dream = "drm";

    /// <summary>True when <paramref name="id"/> has the form <c>{prefix}_{suffix}</c> with a non-empty suffix.</summary>
    public static bool Matches(string? id, string prefix) =>
        id is not null
        && id.Length > prefix.Length + 1
        && id.StartsWith(prefix, StringComparison.Ordinal)
        && id[prefix.Length] == '_';
}
