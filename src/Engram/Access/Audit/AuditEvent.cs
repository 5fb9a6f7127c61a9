namespace Engram.Access.Audit;

/// <summary>
/// One entry of the audit log: who did what, when, to which store and target, and how it ended. Targets
/// are ids and paths; content and secrets never appear.
/// </summary>
public sealed record AuditEvent(
    string Id,
    DateTimeOffset At,
    Actor? Actor,
    string? ApiKeyId,
    string Action,
    AuditOutcome Outcome,
    string? StoreId,
    string? Target,
    string? Detail);

/// <summary>How an audited action ended.</summary>
public enum AuditOutcome
{
    /// <summary>Done.</summary>
    Ok = 1,
    /// <summary>Refused by policy, and the caller was told so.</summary>
    Denied = 2,
    /// <summary>
    /// Refused by policy and answered as not found, so the caller learns nothing of what it may not read. Only
    /// admins see these entries (as denials): the caller's own log would otherwise tell it the target exists.
    /// </summary>
    Concealed = 3,
}

/// <summary>Which audit events to list, newest first.</summary>
public sealed record AuditQuery(
    string? StoreId = null,
    string? ActorId = null,
    string? Action = null,
    AuditOutcome? Outcome = null,
    DateTimeOffset? Since = null,
    int? Limit = null,
    string? Page = null)
{
    /// <summary>Whether refusals answered as not found are listed (admins only); <see cref="Outcome"/> Denied then matches them too.</summary>
    public bool IncludeConcealed { get; init; } = true;
}
