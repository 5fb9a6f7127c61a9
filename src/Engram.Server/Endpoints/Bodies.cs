namespace Engram.Server.Endpoints;

// Request bodies of the compatible API (and Engram's extensions, marked). Unknown fields are ignored;
// a field of the wrong type is refused naming it.

/// <summary>Create a memory store.</summary>
internal sealed record CreateStoreBody(string? Name, string? Description, Dictionary<string, string>? Metadata);

/// <summary>Update a memory store; a metadata key set to null is removed.</summary>
internal sealed record UpdateStoreBody(string? Name, string? Description, Dictionary<string, string?>? Metadata);

/// <summary>Create a memory. <c>reason</c> is an extension recorded on the version.</summary>
internal sealed record CreateMemoryBody(string? Path, string? Content, string? Reason);

/// <summary>Update a memory's content and/or path. <c>reason</c> is an extension.</summary>
internal sealed record UpdateMemoryBody(string? Content, string? Path, PreconditionBody? Precondition, string? Reason);

/// <summary>The only precondition kind: <c>{"type": "content_sha256", "content_sha256": "..."}</c>.</summary>
internal sealed record PreconditionBody(string? Type, string? ContentSha256);

/// <summary>Extension: restore a version's content as a new version.</summary>
internal sealed record RevertMemoryBody(string? VersionId, string? ExpectedContentSha256, string? Reason);

/// <summary>Extension: create a principal (<c>user</c> or <c>service_account</c>, role <c>admin</c> or <c>member</c>).</summary>
internal sealed record CreatePrincipalBody(string? Kind, string? Name, string? Role, List<string>? Groups);

/// <summary>Extension: create an API key for yourself, or (admins) for <c>principal_id</c>.</summary>
internal sealed record CreateApiKeyBody(string? Name, string? PrincipalId);
