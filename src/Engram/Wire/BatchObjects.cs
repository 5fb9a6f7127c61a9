using System.Text.Json.Serialization;

namespace Engram.Wire;

/// <summary>Extension: the body of a batch write, <c>{"items": [...]}</c>.</summary>
internal sealed record BatchWriteJson(IReadOnlyList<BatchWriteItemJson>? Items);

/// <summary>
/// One item: <c>operation</c> (<c>write</c>, the default; <c>create</c>, <c>update</c> or <c>delete</c>), <c>path</c>,
/// <c>content</c> (not for delete), <c>precondition</c> as on a single update, and <c>reason</c>.
/// </summary>
internal sealed record BatchWriteItemJson(string? Operation, string? Path, string? Content, BatchPreconditionJson? Precondition, string? Reason);

/// <summary>The compatible API's precondition shape: <c>{"type": "content_sha256", "content_sha256": "..."}</c>.</summary>
internal sealed record BatchPreconditionJson(string? Type, string? ContentSha256);

/// <summary>The answer to a batch write: every item's outcome in item order, and how many ended each way.</summary>
internal sealed record BatchResultJson(
    IReadOnlyList<BatchItemJson> Data,
    int Created,
    int Updated,
    int Unchanged,
    int Deleted,
    int Proposed,
    int Refused)
{
    /// <summary>Always <c>memory_batch_result</c>.</summary>
    [JsonPropertyOrder(-1)]
    public string Type => "memory_batch_result";
}

/// <summary>
/// One item's outcome: <c>status</c> is <c>created</c>, <c>updated</c>, <c>unchanged</c>, <c>deleted</c>,
/// <c>proposed</c> (with <c>proposal_id</c>) or <c>refused</c> (with <c>error</c>, the body a single write would have
/// answered with).
/// </summary>
internal sealed record BatchItemJson(
    int Index,
    string? Path,
    string Status,
    string? MemoryId,
    string? MemoryVersionId,
    string? ContentSha256,
    string? ProposalId,
    ErrorJson? Error);
