namespace Engram.Server.Endpoints;

/// <summary>Extension: register an agent session with its attached stores (the hosted API's session resources).</summary>
internal sealed record RegisterSessionBody(string? Agent, string? Title, Dictionary<string, string>? Metadata, List<SessionResourceBody>? Resources);

/// <summary>One attached store: <c>{"type": "memory_store", "memory_store_id": ..., "access": "read_only"|"read_write", "instructions": ...}</c>.</summary>
internal sealed record SessionResourceBody(string? Type, string? MemoryStoreId, string? Access, string? Instructions);

/// <summary>Extension: replace a principal's groups.</summary>
internal sealed record GroupsBody(List<string>? Groups);

/// <summary>Extension: add a policy rule (no <c>memory_store_id</c>: every store).</summary>
internal sealed record AddPolicyBody(string? MemoryStoreId, string? Subject, string? Path, List<string>? Capabilities, string? Effect, string? Description);

/// <summary>Extension: test a policy decision for a principal or session.</summary>
internal sealed record PolicyTestBody(string? SubjectId, string? MemoryStoreId, string? Path, string? Capability);

/// <summary>Extension: a reviewer's note on a decision.</summary>
internal sealed record DecisionBody(string? Note);

/// <summary>
/// Extension: accept a proposal, with a note; <c>merge: true</c> merges it three ways with the changes made since
/// its base (pending or conflicted proposals), and <c>expected_content_sha256</c> pins the current hash the offered
/// merge was based on; <c>content</c> is the reviewer's edit of the proposed content, applied in its place.
/// </summary>
internal sealed record AcceptBody(string? Note, bool? Merge, string? ExpectedContentSha256, string? Content);
