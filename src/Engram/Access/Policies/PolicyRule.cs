namespace Engram.Access.Policies;

/// <summary>
/// One rule: for <see cref="Subject"/>, in one store (or every store when <see cref="StoreId"/> is null),
/// on paths matching <see cref="Path"/>, <see cref="Effect"/> the <see cref="Capabilities"/>.
/// </summary>
public sealed record PolicyRule(
    string Id,
    string? StoreId,
    PolicySubject Subject,
    PathGlob Path,
    Capability Capabilities,
    PolicyEffect Effect,
    string Description,
    DateTimeOffset CreatedAt);

/// <summary>Whether a rule grants or takes away.</summary>
public enum PolicyEffect
{
    /// <summary>Grants its capabilities.</summary>
    Allow = 1,
    /// <summary>Takes its capabilities away, whatever else allows them.</summary>
    Deny = 2,
}

/// <summary>Add a rule.</summary>
public sealed record AddPolicyRequest(string? StoreId, string? Subject, string? Path, IReadOnlyList<string>? Capabilities, string? Effect = "allow", string? Description = null);
