namespace Engram.Access;

/// <summary>
/// Who is calling the library: the actor that versions record, the API key the request came with
/// (recorded as well, so versions can be filtered by key even when the actor is the key's user), and the
/// principal's role.
/// </summary>
public sealed record Caller(Actor Actor, string? ApiKeyId = null, PrincipalRole Role = PrincipalRole.Member)
{
    /// <summary>The groups the principal belongs to.</summary>
    public IReadOnlySet<string> Groups { get; init; } = new HashSet<string>();

    /// <summary>For an agent session: its agent and attached stores; null for principals.</summary>
    public SessionGrant? Session { get; init; }

    /// <summary>The local operator of a data directory: the person at the terminal, an admin.</summary>
    public static Caller LocalOperator(string userId) => new(Actor.User(userId), Role: PrincipalRole.Admin);

    /// <summary>True for admins.</summary>
    public bool IsAdmin => Role == PrincipalRole.Admin;

    /// <summary>The principal behind the caller (users and service accounts), or null for sessions and bare keys.</summary>
    public string? PrincipalId => Actor.Type is ActorType.User or ActorType.ServiceAccount ? Actor.Id : null;
}
