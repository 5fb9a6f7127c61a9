namespace Engram.Access;

/// <summary>
/// An agent session registered as a principal (<c>sesn_</c>): the agent that runs it, a title, metadata, and
/// the stores attached to it. Its token authenticates requests whose writes record a <c>session_actor</c>.
/// </summary>
public sealed record AgentSession(
    string Id,
    string Agent,
    string Title,
    IReadOnlyDictionary<string, string> Metadata,
    IReadOnlyList<SessionAttachment> Stores,
    Actor? CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? EndedAt)
{
    /// <summary>What requests made with this session's token may reach.</summary>
    public SessionGrant Grant => new(Id, Agent, Stores.ToDictionary(s => s.StoreId, s => s.Access));
}

/// <summary>A store attached to a session, with its access and the instructions the agent is given about it.</summary>
public sealed record SessionAttachment(string StoreId, AttachmentAccess Access, string Instructions);

/// <summary>A session as registered, with its token: returned once.</summary>
public sealed record RegisteredSession(AgentSession Session, string Token);

/// <summary>Register a session: an agent name (lowercase letters, digits, '-', '_', '.'), a title, metadata and attachments.</summary>
public sealed record RegisterSessionRequest(
    string? Agent,
    string? Title = null,
    IReadOnlyDictionary<string, string>? Metadata = null,
    IReadOnlyList<SessionAttachment>? Stores = null);

/// <summary>Which sessions to list, newest first; each filter is optional.</summary>
/// <param name="Agent">Only sessions of this agent.</param>
/// <param name="Since">Only sessions recorded (registered or imported) at or after this time.</param>
/// <param name="Until">Only sessions recorded at or before this time.</param>
/// <param name="Active">True: only sessions not ended (their token still works); false: only ended ones.</param>
/// <param name="Limit">1 to 100, default 20.</param>
/// <param name="Page">The previous page's next_page.</param>
public sealed record SessionListQuery(
    string? Agent = null, DateTimeOffset? Since = null, DateTimeOffset? Until = null, bool? Active = null, int? Limit = null, string? Page = null)
{
    /// <summary>Whether <paramref name="session"/> passes the agent and activity filters (the time window is applied by the listing).</summary>
    internal bool Selects(AgentSession session, string? agent) =>
        (agent is null || session.Agent == agent) && (Active is null || Active == (session.EndedAt is null));
}
