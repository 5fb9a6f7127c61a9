using System.Buffers.Text;
using System.Security.Cryptography;
using Engram.Errors;
using Engram.Identity;
using Engram.Memories;

namespace Engram.Access;

internal sealed partial class AccessService
{
    /// <summary>Every session token starts with this, so a token is told from an API key at a glance.</summary>
    public const string SessionTokenPrefix = "engram_st_";

    /// <summary>The hosted API's limit on per-attachment instructions.</summary>
    public const int MaxInstructionsCharacters = 4_096;

    /// <summary>
    /// Registers an agent session with its attached stores and returns its token (shown once). Only a person
    /// or service account may register sessions, and only with stores it can see itself.
    /// </summary>
    public async Task<RegisteredSession> RegisterSessionAsync(Caller caller, RegisterSessionRequest request, CancellationToken cancellationToken)
    {
        if (caller.PrincipalId is null)
        {
            await audit.DeniedAsync(caller, "session.register", null, caller.Actor.Id, "only principals register sessions", cancellationToken).ConfigureAwait(false);
            throw new PermissionDeniedException("only a person or service account may register sessions");
        }

        var agent = ValidateAgent(request.Agent);
        var title = UnicodeTextRules.Bounded(request.Title ?? "", "title", 255);
        var metadata = StoreRules.ValidateMetadata(request.Metadata ?? new Dictionary<string, string>());
        var stores = ValidateAttachments(request.Stores ?? []);
        var rules = await policies.CurrentAsync(cancellationToken).ConfigureAwait(false);
        foreach (var store in stores)
        {
            if (await memoryStorage.GetStoreAsync(store.StoreId, cancellationToken).ConfigureAwait(false) is null || !rules.GrantsAnything(caller, store.StoreId))
            {
                throw new NotFoundException("memory_store", store.StoreId);
            }
        }

        var token = SessionTokenPrefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        return await storage.WriteAsync(tx =>
        {
            var session = new AgentSession(ids.NewId(IdPrefix.Session), agent, title, metadata, stores, caller.Actor, Now(), null);
            tx.InsertSession(session, ApiKey.HashSecret(token));
            audit.Record(tx, caller, "session.register", null, session.Id, $"agent {agent}; stores {string.Join(",", stores.Select(s => $"{s.StoreId}:{(s.Access == AttachmentAccess.ReadOnly ? "read_only" : "read_write")}"))}");
            return new RegisteredSession(session, token);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A session, visible to itself, to whoever registered it, and to admins.</summary>
    public async Task<AgentSession> GetSessionAsync(Caller caller, string sessionId, CancellationToken cancellationToken)
    {
        var session = await sessionStorage.GetSessionAsync(sessionId, cancellationToken).ConfigureAwait(false);
        return session is not null && MaySee(caller, session) ? session : throw new NotFoundException("session", sessionId);
    }

    /// <summary>Sessions the caller may see, newest first.</summary>
    public Task<Page<AgentSession>> ListSessionsAsync(Caller caller, int? limit, string? page, CancellationToken cancellationToken) =>
        ListSessionsAsync(caller, new SessionListQuery(Limit: limit, Page: page), cancellationToken);

    /// <summary>
    /// Sessions the caller may see that the query selects (an agent, a window of the time each was recorded: registered
    /// or imported, whether it is still active), newest first. Sessions the caller may not see are never counted or
    /// hinted at.
    /// </summary>
    public async Task<Page<AgentSession>> ListSessionsAsync(Caller caller, SessionListQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var agent = query.Agent is null ? null : ValidateAgent(query.Agent);
        if (query.Since is { } since && query.Until is { } until && since > until)
        {
            throw new InvalidRequestException("since", "must not be later than until");
        }

        var size = ListLimits.Resolve(query.Limit);

        // Newest first: start just after the end of the window, and stop at the first session recorded before it opens.
        var after = PageToken.ParseTimeId(query.Page)
            ?? (query.Until is { } end && end < DateTimeOffset.MaxValue ? new Storage.TimeIdCursor(end.AddTicks(1), "") : null);
        var kept = new List<AgentSession>(size + 1);
        var ended = false;
        while (kept.Count <= size && !ended)
        {
            var rows = await sessionStorage.ListSessionsAsync(after, size + 1, cancellationToken).ConfigureAwait(false);
            foreach (var row in rows)
            {
                if (row.CreatedAt < query.Since)
                {
                    ended = true;
                    break;
                }

                after = new Storage.TimeIdCursor(row.CreatedAt, row.Id);
                if (MaySee(caller, row) && query.Selects(row, agent))
                {
                    kept.Add(row);
                    if (kept.Count > size)
                    {
                        break;
                    }
                }
            }

            ended |= rows.Count <= size;
        }

        return kept.Count > size
            ? new Page<AgentSession>(kept.Take(size).ToList(), PageToken.For(new Storage.TimeIdCursor(kept[size - 1].CreatedAt, kept[size - 1].Id)))
            : new Page<AgentSession>(kept, null);
    }

    /// <summary>Ends a session: its token stops working at once. Ending twice changes nothing.</summary>
    public Task<AgentSession> EndSessionAsync(Caller caller, string sessionId, CancellationToken cancellationToken) =>
        storage.WriteAsync(tx =>
        {
            var session = tx.GetSession(sessionId);
            if (session is null || !MaySee(caller, session))
            {
                throw new NotFoundException("session", sessionId);
            }

            if (session.EndedAt is not null)
            {
                return session;
            }

            var ended = session with { EndedAt = Now() };
            tx.EndSession(sessionId, ended.EndedAt!.Value);
            audit.Record(tx, caller, "session.end", null, sessionId);
            return ended;
        }, cancellationToken);

    /// <summary>A session is visible to itself, to whoever registered or imported it, and to admins.</summary>
    internal static bool MaySee(Caller caller, AgentSession session) =>
        caller.IsAdmin || caller.Session?.SessionId == session.Id || (session.CreatedBy is { } creator && creator.Id == caller.Actor.Id);

    internal static string ValidateAgent(string? agent, string field = "agent") =>
        agent is { Length: >= 1 and <= 64 } && agent.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.')
            ? agent
            : throw new InvalidRequestException(field, "is required: 1 to 64 characters of lowercase letters, digits, '-', '_' and '.' (it names the agent in paths like /agents/{agent}/)");

    private static IReadOnlyList<SessionAttachment> ValidateAttachments(IReadOnlyList<SessionAttachment> stores)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var store in stores)
        {
            if (!IdPrefix.Matches(store.StoreId, IdPrefix.MemoryStore))
            {
                throw new InvalidRequestException("resources.memory_store_id", $"must be a store id (memstore_...) (got \"{store.StoreId}\")");
            }

            if (!seen.Add(store.StoreId))
            {
                throw new InvalidRequestException("resources", $"attach {store.StoreId} once");
            }

            UnicodeTextRules.Bounded(store.Instructions, "resources.instructions", MaxInstructionsCharacters);
        }

        return stores;
    }
}
