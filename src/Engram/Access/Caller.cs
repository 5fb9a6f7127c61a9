namespace Engram.Access;

/// <summary>
/// Who is calling the library: the actor that versions record, and the API key the request came with
/// (recorded as well, so versions can be filtered by key even when the actor is the key's user).
/// </summary>
public sealed record Caller(Actor Actor, string? ApiKeyId = null);
