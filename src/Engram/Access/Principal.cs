namespace Engram.Access;

/// <summary>Someone who can hold API keys: a person (<c>user_</c>) or a workload (<c>svac_</c>).</summary>
public sealed record Principal(string Id, PrincipalKind Kind, string Name, PrincipalRole Role, DateTimeOffset CreatedAt)
{
    /// <summary>The actor that this principal's writes record.</summary>
    public Actor Actor => Kind == PrincipalKind.User ? Actor.User(Id) : Actor.ServiceAccount(Id);
}

/// <summary>The kinds of principal that hold API keys.</summary>
public enum PrincipalKind
{
    /// <summary>A person.</summary>
    User = 1,
    /// <summary>A workload.</summary>
    ServiceAccount = 2,
}

/// <summary>
/// What a principal may do beyond its own memory work. Admins manage principals and every key; members
/// manage their own keys. (Path policies, in Access, decide the rest.)
/// </summary>
public enum PrincipalRole
{
    /// <summary>Everything, including principals and other principals' keys.</summary>
    Admin = 1,
    /// <summary>Memory work and their own keys.</summary>
    Member = 2,
}
