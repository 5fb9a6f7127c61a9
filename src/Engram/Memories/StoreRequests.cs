namespace Engram.Memories;

/// <summary>Create a store. <see cref="Name"/> is required; the rest is optional.</summary>
public sealed record CreateStoreRequest(
    string? Name,
    string? Description = null,
    IReadOnlyDictionary<string, string>? Metadata = null);

/// <summary>
/// Update a store. Null fields are left unchanged. Metadata keys merge: a key set to a string is added
/// or replaced, a key set to null is removed, keys left out keep their values.
/// </summary>
public sealed record UpdateStoreRequest(
    string? Name = null,
    string? Description = null,
    IReadOnlyDictionary<string, string?>? Metadata = null);

/// <summary>List stores, newest first.</summary>
public sealed record StoreListQuery(
    int? Limit = null,
    string? Page = null,
    bool IncludeArchived = false,
    DateTimeOffset? CreatedAtGte = null,
    DateTimeOffset? CreatedAtLte = null);
