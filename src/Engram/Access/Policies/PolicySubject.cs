namespace Engram.Access.Policies;

/// <summary>
/// Whom a rule is about: <c>*</c> (anyone), <c>principal:ID</c>, <c>group:NAME</c>, <c>role:admin|member</c>,
/// <c>kind:user|service_account</c>, <c>agent:NAME</c> (any session of that agent) or <c>agent:*</c> (any session).
/// </summary>
public sealed record PolicySubject(string Value)
{
    private static readonly string[] Kinds = ["principal", "group", "role", "kind", "agent"];

    /// <summary>Parses a subject, or returns null with the rule it breaks.</summary>
    public static PolicySubject? Parse(string? value, out string? error)
    {
        error = null;
        if (value == "*")
        {
            return new PolicySubject("*");
        }

        var colon = value?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (value is null || colon <= 0 || colon == value.Length - 1 || !Kinds.Contains(value[..colon]))
        {
            error = "must be *, principal:ID, group:NAME, role:admin|member, kind:user|service_account, agent:NAME or agent:*";
            return null;
        }

        var kind = value[..colon];
        var name = value[(colon + 1)..];
        if ((kind == "role" && name is not ("admin" or "member")) || (kind == "kind" && name is not ("user" or "service_account")))
        {
            error = $"{kind}: must be {(kind == "role" ? "admin or member" : "user or service_account")}";
            return null;
        }

        return new PolicySubject(value);
    }

    /// <summary>The subject keys that describe <paramref name="caller"/>: a rule applies when its subject is one of them.</summary>
    public static IReadOnlyList<string> KeysOf(Caller caller)
    {
        var keys = new List<string> { "*" };
        if (caller.Session is { } session)
        {
            keys.Add("agent:*");
            keys.Add($"agent:{session.Agent}");
            return keys;
        }

        if (caller.PrincipalId is { } principal)
        {
            keys.Add($"principal:{principal}");
            keys.Add(caller.Actor.Type == ActorType.User ? "kind:user" : "kind:service_account");
            keys.Add(caller.Role == PrincipalRole.Admin ? "role:admin" : "role:member");
            keys.AddRange(caller.Groups.Select(g => $"group:{g}"));
        }

        return keys;
    }

    /// <inheritdoc />
    public override string ToString() => Value;
}
