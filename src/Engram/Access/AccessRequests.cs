namespace Engram.Access;

/// <summary>Create a principal (admins only).</summary>
public sealed record CreatePrincipalRequest(PrincipalKind Kind, string? Name, PrincipalRole Role = PrincipalRole.Member, IReadOnlyList<string>? Groups = null);

/// <summary>Create an API key for <see cref="PrincipalId"/> (default: the caller).</summary>
public sealed record CreateApiKeyRequest(string? Name, string? PrincipalId = null);
