using Engram.Access;
using Engram.Memories;

namespace Engram.Wire;

/// <summary>Wire shapes back to library objects (what a remote client reads).</summary>
internal static class WireModels
{
    public static MemoryStore ToModel(this MemoryStoreJson json) =>
        new(json.Id, json.Name, json.Description, json.Metadata, json.CreatedAt, json.UpdatedAt, json.ArchivedAt);

    public static Memory ToModel(this MemoryJson json) =>
        new(json.Id, json.MemoryStoreId, json.Path, json.Content, json.ContentSha256, json.ContentSizeBytes, json.MemoryVersionId, json.CreatedAt, json.UpdatedAt);

    public static Principal ToModel(this PrincipalJson json) => new(
        json.Id,
        json.Kind == "user" ? PrincipalKind.User : PrincipalKind.ServiceAccount,
        json.Name,
        json.Role == "admin" ? PrincipalRole.Admin : PrincipalRole.Member,
        json.CreatedAt);

    public static ApiKey ToModel(this ApiKeyJson json) => new(json.Id, json.PrincipalId, json.Name, json.Hint, json.CreatedAt, json.RevokedAt);
}
