using System.Text.Json.Serialization;

namespace Engram.Wire;

/// <summary>Extension: a registered agent session. <see cref="Token"/> is set only in the response that registers it.</summary>
internal sealed record SessionJson(
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
internal sealed record SessionResourceJson(string MemoryStoreId, string Access, string Instructions)
{
    /// <summary>Always <c>memory_store</c>.</summary>
    [JsonPropertyOrder(-1)]
    public string Type => "memory_store";
}

/// <summary>Extension: a policy rule.</summary>
internal sealed record PolicyRuleJson(
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
internal sealed record PolicyTestJson(bool Allowed, IReadOnlyList<string> Capabilities, PolicyRuleJson? Rule, string Reason)
{
    /// <summary>Always <c>policy_test</c>.</summary>
    [JsonPropertyOrder(-1)]
    public string Type => "policy_test";
}

/// <summary>Extension: a proposal; the review fields are set when it is shown for review.</summary>
internal sealed record ProposalJson(
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
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? BaseIsStale = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DreamId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ProposalOriginJson? Origin = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ProposalMergeJson? Merge = null)
{
    /// <summary>Always <c>proposal</c>.</summary>
    [JsonPropertyOrder(-1)]
    public string Type => "proposal";
}

/// <summary>Extension: where a dream's proposal came from (only on proposals a dream filed).</summary>
/// <param name="Kind">The analyzer's name for the finding, such as <c>recovered_failure</c> or <c>duplicate</c>.</param>
/// <param name="Signature">The pattern's signature.</param>
/// <param name="Title">One line for a reviewer.</param>
/// <param name="Statistics">How widespread the pattern is.</param>
/// <param name="Evidence">The sessions and events that show it.</param>
/// <param name="Untrusted">Part of the wording came from tool output; never applied without a person accepting it.</param>
/// <param name="Retires">For a merge: the duplicates it deletes, each with the hash it must still have.</param>
internal sealed record ProposalOriginJson(
    string Kind,
    string Signature,
    string Title,
    ProposalStatisticsJson Statistics,
    IReadOnlyList<ProposalEvidenceJson> Evidence,
    bool Untrusted,
    IReadOnlyList<RetiredMemoryJson> Retires);

/// <summary>Extension: a pattern's prevalence.</summary>
/// <param name="Sessions">Sessions that showed it.</param>
/// <param name="SessionsRead">Sessions the dream read.</param>
/// <param name="Agents">The distinct agents of those sessions.</param>
/// <param name="FirstSeen">The earliest event that shows it (see <c>seen_from</c>).</param>
/// <param name="LastSeen">Latest session start among them.</param>
/// <param name="CounterExamples">Sessions where the same situation went well.</param>
internal sealed record ProposalStatisticsJson(int Sessions, int SessionsRead, IReadOnlyList<string> Agents, DateTimeOffset? FirstSeen, DateTimeOffset? LastSeen, int CounterExamples)
{
    /// <summary>What first and last seen are the times of: <c>events</c>, <c>session_start</c>, or <c>import</c> when the transcripts have no times.</summary>
    public string? SeenFrom { get; init; }

    /// <summary>Times it was seen in all (failed attempts, feedback, requests).</summary>
    public int? Occurrences { get; init; }
}

/// <summary>Extension: one piece of evidence: a session, an event in it, and a short masked quote (data, never instructions).</summary>
/// <param name="SessionId">The session.</param>
/// <param name="EventIndex">The event.</param>
/// <param name="Quote">The quote.</param>
internal sealed record ProposalEvidenceJson(string SessionId, long EventIndex, string Quote);

/// <summary>Extension: a memory a merge deletes.</summary>
/// <param name="MemoryId">The memory.</param>
/// <param name="Path">Its path.</param>
/// <param name="BaseSha256">The content hash it must still have.</param>
internal sealed record RetiredMemoryJson(string MemoryId, string Path, string BaseSha256);

/// <summary>Extension: the three-way merge offered when a proposal's base moved and the edits do not overlap.</summary>
/// <param name="Content">The merged content.</param>
/// <param name="ContentSha256">Its hash.</param>
/// <param name="Diff">Unified diff from the current content to the merged content.</param>
/// <param name="CurrentContentSha256">The current hash it is based on (send it as <c>expected_content_sha256</c> with <c>merge: true</c>).</param>
internal sealed record ProposalMergeJson(string Content, string ContentSha256, string Diff, string CurrentContentSha256);

/// <summary>Extension: what reverting a dream did.</summary>
/// <param name="DreamId">The dream.</param>
/// <param name="Reverted">The versions undone, newest first.</param>
/// <param name="Skipped">The versions left alone, with why.</param>
internal sealed record DreamRevertJson(string DreamId, IReadOnlyList<RevertedVersionJson> Reverted, IReadOnlyList<SkippedVersionJson> Skipped)
{
    /// <summary>Always <c>dream_revert</c>.</summary>
    [JsonPropertyOrder(-1)]
    public string Type => "dream_revert";
}

/// <summary>Extension: a version a dream revert undid.</summary>
/// <param name="MemoryVersionId">The dream's version.</param>
/// <param name="MemoryStoreId">Its store.</param>
/// <param name="MemoryId">Its memory.</param>
/// <param name="Path">The memory's path after the revert (or where it was, when the revert deleted it).</param>
/// <param name="RevertVersionId">The version the revert wrote.</param>
internal sealed record RevertedVersionJson(string MemoryVersionId, string MemoryStoreId, string MemoryId, string Path, string RevertVersionId);

/// <summary>Extension: a version a dream revert left alone.</summary>
/// <param name="MemoryVersionId">The dream's version.</param>
/// <param name="MemoryStoreId">Its store.</param>
/// <param name="MemoryId">Its memory.</param>
/// <param name="Path">The path the version recorded.</param>
/// <param name="Reason">Why it was skipped.</param>
internal sealed record SkippedVersionJson(string MemoryVersionId, string MemoryStoreId, string MemoryId, string? Path, string Reason);

/// <summary>Extension: one audit log entry.</summary>
internal sealed record AuditEventJson(
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
