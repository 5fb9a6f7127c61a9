using Engram.Access;
using Engram.Access.Audit;
using Engram.Access.Policies;
using Engram.Memories;
using Engram.Review;
using Engram.Storage;

namespace Engram.Sqlite;

public sealed partial class SqliteMemoryStorage
{
    /// <inheritdoc />
    public Task<IReadOnlyList<PolicyRule>> ListPolicyRulesAsync(CancellationToken cancellationToken) =>
        ReadAsync(c => Many(c, $"SELECT {Rows.PolicyColumns} FROM policy_rules ORDER BY created_at, id", Rows.ReadPolicyRule), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, string>> ListStoreSourcesAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyDictionary<string, string>>(
            c => Many(
                    c,
                    "SELECT d.output_store_id, d.store_id FROM dreams d " +
                    "JOIN stores copy ON copy.id = d.output_store_id JOIN stores source ON source.id = d.store_id " +
                    "WHERE d.output_store_id IS NOT NULL AND d.output_store_id <> d.store_id",
                    r => (Copy: r.GetString(0), Source: r.GetString(1)))
                .ToDictionary(pair => pair.Copy, pair => pair.Source, StringComparer.Ordinal),
            cancellationToken);

    /// <inheritdoc />
    public Task<long> GetPolicyEpochAsync(CancellationToken cancellationToken) =>
        ReadAsync(c =>
        {
            using var command = Command(c, "SELECT value FROM settings WHERE key = 'policy_epoch'", []);
            return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlySet<string>> GetGroupsAsync(string principalId, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlySet<string>>(c => Many(c, "SELECT group_name FROM principal_groups WHERE principal_id = $id", r => r.GetString(0), ("$id", principalId)).ToHashSet(StringComparer.Ordinal), cancellationToken);

    /// <inheritdoc />
    public async Task<AgentSession?> FindSessionByTokenAsync(string tokenSha256, CancellationToken cancellationToken)
    {
        var session = await ReadAsync(c => Single(c, $"SELECT {Rows.SessionColumns} FROM sessions s WHERE s.token_sha256 = $token", r => Rows.ReadSession(r, []), ("$token", tokenSha256)), cancellationToken).ConfigureAwait(false);
        return session is null ? null : await WithStoresAsync(session, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<AgentSession?> GetSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        var session = await ReadAsync(c => Single(c, $"SELECT {Rows.SessionColumns} FROM sessions s WHERE s.id = $id", r => Rows.ReadSession(r, []), ("$id", sessionId)), cancellationToken).ConfigureAwait(false);
        return session is null ? null : await WithStoresAsync(session, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AgentSession>> ListSessionsAsync(TimeIdCursor? after, int limit, CancellationToken cancellationToken)
    {
        var sessions = await ReadAsync(c => Many(
            c, $"""
                SELECT {Rows.SessionColumns} FROM sessions s
                WHERE 1 = 1 {After(after, "s.created_at", "s.id")}
                ORDER BY s.created_at DESC, s.id DESC LIMIT $limit
                """,
            r => Rows.ReadSession(r, []), ("$afterAt", Rows.Db(after?.CreatedAt)), ("$afterId", Rows.Db(after?.Id)), ("$limit", limit)), cancellationToken).ConfigureAwait(false);
        var complete = new List<AgentSession>(sessions.Count);
        foreach (var session in sessions)
        {
            complete.Add((await WithStoresAsync(session, cancellationToken).ConfigureAwait(false))!);
        }

        return complete;
    }

    /// <inheritdoc />
    public Task<Proposal?> GetProposalAsync(string storeId, string proposalId, bool withContent, CancellationToken cancellationToken) =>
        ReadAsync(c => Single(c, $"{Rows.SelectProposal(withContent)} WHERE p.store_id = $store AND p.id = $id", Rows.ReadProposal, ("$store", storeId), ("$id", proposalId)), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<Proposal>> ListProposalsAsync(string storeId, ProposalStatus? status, string? dreamId, TimeIdCursor? after, int limit, CancellationToken cancellationToken) =>
        ReadAsync(c => Many(
            c, $"""
                {Rows.SelectProposal(false)}
                WHERE p.store_id = $store AND ($status IS NULL OR p.status = $status) AND ($dream IS NULL OR p.dream_id = $dream)
                  {After(after, "p.created_at", "p.id")}
                ORDER BY p.created_at DESC, p.id DESC LIMIT $limit
                """,
            Rows.ReadProposal, ("$store", storeId), ("$status", status is null ? DBNull.Value : (int)status), ("$dream", Rows.Db(dreamId)),
            ("$afterAt", Rows.Db(after?.CreatedAt)), ("$afterId", Rows.Db(after?.Id)), ("$limit", limit)), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<Proposal>> ListDreamProposalsAsync(string dreamId, CancellationToken cancellationToken) =>
        ReadAsync(c => Many(
            c, $"{Rows.SelectProposal(false)} WHERE p.dream_id = $dream ORDER BY p.created_at DESC, p.id DESC", Rows.ReadProposal, ("$dream", dreamId)), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<MemoryVersion>> ListDreamVersionsAsync(string dreamId, CancellationToken cancellationToken) =>
        ReadAsync(c => Many(
            c, $"{Rows.SelectVersion(false)} WHERE v.dream_id = $dream ORDER BY v.created_at DESC, v.id DESC", Rows.ReadVersion, ("$dream", dreamId)), cancellationToken);

    /// <inheritdoc />
    public Task<string?> GetContentAsync(string sha256, CancellationToken cancellationToken) =>
        ReadAsync(c => Single(c, "SELECT body FROM contents WHERE sha256 = $sha", r => r.GetString(0), ("$sha", sha256)), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<AuditEvent>> ListAuditEventsAsync(AuditQuery filter, TimeIdCursor? after, int limit, CancellationToken cancellationToken) =>
        ReadAsync(c => Many(
            c, $"""
                SELECT {Rows.AuditColumns} FROM audit_events
                WHERE ($store IS NULL OR store_id = $store) AND ($actor IS NULL OR actor_id = $actor) AND ($action IS NULL OR action = $action)
                  AND ($outcome IS NULL OR outcome = $outcome OR ($outcome = 2 AND outcome = 3)) AND ($concealed = 1 OR outcome <> 3)
                  AND ($since IS NULL OR at >= $since)
                  {After(after, "at", "id")}
                ORDER BY at DESC, id DESC LIMIT $limit
                """,
            Rows.ReadAuditEvent, ("$store", Rows.Db(filter.StoreId)), ("$actor", Rows.Db(filter.ActorId)), ("$action", Rows.Db(filter.Action)),
            ("$outcome", filter.Outcome is null ? DBNull.Value : (int)filter.Outcome), ("$concealed", filter.IncludeConcealed ? 1 : 0), ("$since", Rows.Db(filter.Since)),
            ("$afterAt", Rows.Db(after?.CreatedAt)), ("$afterId", Rows.Db(after?.Id)), ("$limit", limit)), cancellationToken);

    private async Task<AgentSession?> WithStoresAsync(AgentSession session, CancellationToken cancellationToken)
    {
        var stores = await ReadAsync(c => Many(
            c, "SELECT store_id, access, instructions FROM session_stores WHERE session_id = $id ORDER BY store_id",
            r => new SessionAttachment(r.GetString(0), (AttachmentAccess)r.GetInt32(1), r.GetString(2)), ("$id", session.Id)), cancellationToken).ConfigureAwait(false);
        return session with { Stores = stores };
    }
}
