using System.Text.Json.Serialization;

namespace Engram.Wire;

/// <summary>A <c>memory_store</c> as the compatible API shows it.</summary>
internal sealed record MemoryStoreJson(
    string Id,
    string Name,
    string Description,
    IReadOnlyDictionary<string, string> Metadata,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ArchivedAt)
{
    /// <summary>Always <c>memory_store</c>.</summary>
    [JsonPropertyOrder(-1)]
    public string Type => "memory_store";
}

/// <summary>A <c>memory</c>; <see cref="Content"/> is null in the basic view.</summary>
internal sealed record MemoryJson(
    string Id,
    string MemoryStoreId,
    string Path,
    string? Content,
    string ContentSha256,
    long ContentSizeBytes,
    string MemoryVersionId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>Always <c>memory</c>.</summary>
    [JsonPropertyOrder(-1)]
    public string Type => "memory";
}

/// <summary>A <c>memory_prefix</c> marker of a listing with depth.</summary>
internal sealed record MemoryPrefixJson(string Path)
{
    /// <summary>Always <c>memory_prefix</c>.</summary>
    [JsonPropertyOrder(-1)]
    public string Type => "memory_prefix";
}

/// <summary>A <c>memory_version</c>; <see cref="Reason"/>, <see cref="ApiKeyId"/>, <see cref="ProposalId"/>, <see cref="ReviewedBy"/>, <see cref="DreamId"/> and <see cref="EvidenceSessionIds"/> are Engram extensions (the last two only when a dream's proposal made the version).</summary>
internal sealed record MemoryVersionJson(
    string Id,
    string MemoryId,
    string MemoryStoreId,
    string Operation,
    string? Path,
    string? Content,
    string? ContentSha256,
    long? ContentSizeBytes,
    DateTimeOffset CreatedAt,
    ActorJson? CreatedBy,
    DateTimeOffset? RedactedAt,
    ActorJson? RedactedBy,
    string? Reason,
    string? ApiKeyId,
    string? ProposalId,
    ActorJson? ReviewedBy,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DreamId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? EvidenceSessionIds = null)
{
    /// <summary>Always <c>memory_version</c>.</summary>
    [JsonPropertyOrder(-1)]
    public string Type => "memory_version";
}

/// <summary>An actor: <c>type</c> and the one id field that type carries.</summary>
internal sealed record ActorJson(
    string Type,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ApiKeyId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? UserId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ServiceAccountId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SessionId = null);

/// <summary>A page of a list: pass <see cref="NextPage"/> back as <c>page</c>.</summary>
internal sealed record PageJson<T>(IReadOnlyList<T> Data, string? NextPage);

/// <summary>The confirmation of a delete (<c>memory_store_deleted</c>, <c>memory_deleted</c>).</summary>
internal sealed record DeletedJson(string Type, string Id);

/// <summary>The error body: <c>{"type":"error","error":{...}}</c>.</summary>
internal sealed record ErrorEnvelopeJson(ErrorJson Error)
{
    /// <summary>Always <c>error</c>.</summary>
    [JsonPropertyOrder(-1)]
    public string Type => "error";
}

/// <summary>
/// The error itself: the compatible <c>type</c> and <c>message</c>; the conflict fields are set only for
/// <c>memory_path_conflict_error</c>. Engram's extensions, which the official SDKs ignore: the stable
/// <c>code</c> (<see cref="Errors.ErrorCodes"/>), and the condition's parts the code names: <c>field</c> and
/// <c>rule</c> for a field error, <c>object_type</c> and <c>object_id</c> for what was not found,
/// <c>memory_store_id</c> and <c>dream_id</c> for a store another dream holds.
/// </summary>
internal sealed record ErrorJson(
    string Type,
    string Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ConflictingPath = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ConflictingMemoryId = null)
{
    /// <summary>The stable machine code, one of <see cref="Errors.ErrorCodes"/>; absent from an older server's bodies.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Code { get; init; }

    /// <summary>The request field that broke a rule (<c>invalid_field</c>, <c>content_too_large</c>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Field { get; init; }

    /// <summary>The rule the field broke, without the field.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Rule { get; init; }

    /// <summary>The kind of object that was not found (<c>memory_store</c>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ObjectType { get; init; }

    /// <summary>The id that was looked up.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ObjectId { get; init; }

    /// <summary>The store another unfinished dream holds (<c>store_held</c>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MemoryStoreId { get; init; }

    /// <summary>The unfinished dream that holds it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? DreamId { get; init; }
}
