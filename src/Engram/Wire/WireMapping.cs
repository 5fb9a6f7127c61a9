using Engram.Access;
using Engram.Errors;
using Engram.Memories;

namespace Engram.Wire;

/// <summary>Library objects to their wire shapes.</summary>
internal static class WireMapping
{
    public static MemoryStoreJson ToJson(this MemoryStore store) =>
        new(store.Id, store.Name, store.Description, store.Metadata, store.CreatedAt, store.UpdatedAt, store.ArchivedAt);

    public static MemoryJson ToJson(this Memory memory, MemoryView view = MemoryView.Full) =>
        new(memory.Id, memory.MemoryStoreId, memory.Path, view == MemoryView.Full ? memory.Content : null, memory.ContentSha256,
            memory.ContentSizeBytes, memory.MemoryVersionId, memory.CreatedAt, memory.UpdatedAt);

    /// <summary>A listing item: a <see cref="MemoryJson"/> or a <see cref="MemoryPrefixJson"/>.</summary>
    public static object ToJson(this MemoryListItem item, MemoryView view = MemoryView.Basic) => item switch
    {
        Memory memory => memory.ToJson(view),
        _ => new MemoryPrefixJson(item.Path),
    };

    public static MemoryVersionJson ToJson(this MemoryVersion version, MemoryView view = MemoryView.Full) =>
        new(version.Id, version.MemoryId, version.MemoryStoreId, Operation(version.Operation), version.Path,
            view == MemoryView.Full ? version.Content : null, version.ContentSha256, version.ContentSizeBytes, version.CreatedAt,
            version.CreatedBy?.ToJson(), version.RedactedAt, version.RedactedBy?.ToJson(), version.Reason, version.ApiKeyId,
            version.ProposalId, version.ReviewedBy?.ToJson(), version.DreamId, version.EvidenceSessionIds);

    public static ActorJson ToJson(this Actor actor) => actor.Type switch
    {
        ActorType.ApiKey => new ActorJson(actor.WireType, ApiKeyId: actor.Id),
        ActorType.User => new ActorJson(actor.WireType, UserId: actor.Id),
        ActorType.ServiceAccount => new ActorJson(actor.WireType, ServiceAccountId: actor.Id),
        _ => new ActorJson(actor.WireType, SessionId: actor.Id),
    };

    public static PageJson<TJson> ToJson<T, TJson>(this Page<T> page, Func<T, TJson> map) =>
        new(page.Data.Select(map).ToList(), page.NextPage);

    public static PrincipalJson ToJson(this Principal principal) => new(
        principal.Id,
        principal.Kind == PrincipalKind.User ? "user" : "service_account",
        principal.Name,
        principal.Role == PrincipalRole.Admin ? "admin" : "member",
        principal.CreatedAt);

    public static ApiKeyJson ToJson(this ApiKey key, string? secret = null) =>
        new(key.Id, key.PrincipalId, key.Name, key.Hint, key.CreatedAt, key.RevokedAt, secret);

    public static ApiKeyJson ToJson(this CreatedApiKey created) => created.Key.ToJson(created.Secret);

    /// <summary>The error body for a domain failure: its type, message and code, and the parts its code names.</summary>
    public static ErrorEnvelopeJson ToJson(this EngramException error) => new(error switch
    {
        PathConflictException conflict => new ErrorJson(error.Code, error.Message, conflict.ConflictingPath, conflict.ConflictingMemoryId),
        InvalidRequestException invalid => new ErrorJson(error.Code, error.Message) { Field = invalid.Field, Rule = invalid.Rule },
        ContentTooLargeException large => new ErrorJson(error.Code, error.Message) { Field = large.Field, Rule = large.Rule },
        NotFoundException missing => new ErrorJson(error.Code, error.Message) { ObjectType = missing.Kind, ObjectId = missing.Id },
        Dreaming.Dreams.DreamStoreHeldException held => new ErrorJson(error.Code, error.Message) { MemoryStoreId = held.StoreId, DreamId = held.HolderDreamId },
        _ => new ErrorJson(error.Code, error.Message),
    } with { Code = error.ErrorCode });

    /// <summary>The wire name of an operation.</summary>
    public static string Operation(VersionOperation operation) => operation switch
    {
        VersionOperation.Created => "created",
        VersionOperation.Modified => "modified",
        _ => "deleted",
    };

    /// <summary>The operation a wire name stands for, or null when it names none.</summary>
    public static VersionOperation? ParseOperation(string? value) => value switch
    {
        "created" => VersionOperation.Created,
        "modified" => VersionOperation.Modified,
        "deleted" => VersionOperation.Deleted,
        _ => null,
    };
}
