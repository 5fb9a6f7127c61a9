using System.Text.Json.Serialization;

namespace Engram.Wire;

/// <summary>Extension: a registered agent session. <see cref="Token"/> is set only in the response that registers it.</summary>
public sealed record SessionJson(
    string Id,
    string Agent,
    string Title,
    IReadOnlyDictionary<string, string> Metadata,
    IReadOnlyList<SessionResourceJson> Resources,
    ActorJson? CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? EndedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Token = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] TranscriptJson? Transcript = null)
{
    /// <summary>Always <c>session</c>.</summary>
    [JsonPropertyOrder(-1)]
    public string Type => "session";
}

/// <summary>A store attached to a session, as the hosted API's session resources show it.</summary>
public sealed record SessionResourceJson(string MemoryStoreId, string Access, string Instructions)
{
    /// <summary>Always <c>memory_store</c>.</summary>
    [JsonPropertyOrder(-1)]
    public string Type => "memory_store";
}

/// <summary>Extension: a policy rule.</summary>
public sealed record PolicyRuleJson(
    string Id,
    string? MemoryStoreId,
    string Subject,
    string Path,
    IReadOnlyList<string> Capabilities,
    string Effect,
    string Description,
    DateTimeOffset CreatedAt)
{
    /// <summary>Always <c>policy_rule</c>.</summary>
    [JsonPropertyOrder(-1)]
    public string Type => "policy_rule";
}

/// <summary>Extension: the answer to a policy test.</summary>
public sealed record PolicyTestJson(bool Allowed, IReadOnlyList<string> Capabilities, PolicyRuleJson? Rule, string Reason)
{
    /// <summary>Always <c>policy_test</c>.</summary>
    [JsonPropertyOrder(-1)]
    public string Type => "policy_test";
}

/// <summary>Extension: a proposal; the review fields are set when it is shown for review.</summary>
public sealed record ProposalJson(
    string Id,
    string MemoryStoreId,
    string? MemoryId,
    string Operation,
    string Path,
    string? NewPath,
    string? BaseContentSha256,
    string? ContentSha256,
    string? Content,
    string Rationale,
    ActorJson Author,
    string? ApiKeyId,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DecidedAt,
    ActorJson? DecidedBy,
    string? DecisionNote,
    string? AppliedVersionId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Diff = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CurrentContentSha256 = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? BaseIsStale = null)
{
    /// <summary>Always <c>proposal</c>.</summary>
    [JsonPropertyOrder(-1)]
    public string Type => "proposal";
}

/// <summary>Extension: one audit log entry.</summary>
public sealed record AuditEventJson(
    string Id,
    DateTimeOffset At,
    ActorJson? Actor,
    string? ApiKeyId,
    string Action,
    string Outcome,
    string? MemoryStoreId,
    string? Target,
    string? Detail)
{
    /// <summary>Always <c>audit_event</c>.</summary>
    [JsonPropertyOrder(-1)]
    public string Type => "audit_event";
}
