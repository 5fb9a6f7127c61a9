using Engram.Access;
using Engram.Access.Audit;
using Engram.Access.Policies;
using Engram.Review;

namespace Engram.Sqlite;

internal sealed partial class SqliteStorageWriter
{
    public void InsertPolicyRule(PolicyRule rule)
    {
        Execute(
            "INSERT INTO policy_rules (id, store_id, subject, path, capabilities, effect, description, created_at) VALUES ($id, $store, $subject, $path, $caps, $effect, $description, $created)",
            ("$id", rule.Id), ("$store", Rows.Db(rule.StoreId)), ("$subject", rule.Subject.Value), ("$path", rule.Path.Pattern),
            ("$caps", (int)rule.Capabilities), ("$effect", (int)rule.Effect), ("$description", rule.Description), ("$created", rule.CreatedAt.UtcTicks));
        BumpPolicyEpoch();
    }

    public PolicyRule? GetPolicyRule(string ruleId)
    {
        using var reader = Query($"SELECT {Rows.PolicyColumns} FROM policy_rules WHERE id = $id", ("$id", ruleId));
        return reader.Read() ? Rows.ReadPolicyRule(reader) : null;
    }

    public void DeletePolicyRule(string ruleId)
    {
        Execute("DELETE FROM policy_rules WHERE id = $id", ("$id", ruleId));
        BumpPolicyEpoch();
    }

    public void SetGroups(string principalId, IReadOnlyCollection<string> groups)
    {
        Execute("DELETE FROM principal_groups WHERE principal_id = $id", ("$id", principalId));
        foreach (var group in groups)
        {
            Execute("INSERT INTO principal_groups (principal_id, group_name) VALUES ($id, $group)", ("$id", principalId), ("$group", group));
        }

        BumpPolicyEpoch();
    }

    public void InsertSession(AgentSession session, string tokenSha256)
    {
        Execute(
            """
            INSERT INTO sessions (id, agent, title, metadata, created_by_type, created_by_id, token_sha256, created_at, ended_at)
            VALUES ($id, $agent, $title, $metadata, $byType, $byId, $token, $created, $ended)
            """,
            ("$id", session.Id), ("$agent", session.Agent), ("$title", session.Title), ("$metadata", Rows.WriteMetadata(session.Metadata)),
            ("$byType", session.CreatedBy is null ? DBNull.Value : (int)session.CreatedBy.Type), ("$byId", Rows.Db(session.CreatedBy?.Id)),
            ("$token", tokenSha256), ("$created", session.CreatedAt.UtcTicks), ("$ended", Rows.Db(session.EndedAt)));
        foreach (var store in session.Stores)
        {
            Execute(
                "INSERT INTO session_stores (session_id, store_id, access, instructions) VALUES ($session, $store, $access, $instructions)",
                ("$session", session.Id), ("$store", store.StoreId), ("$access", (int)store.Access), ("$instructions", store.Instructions));
        }
    }

    public AgentSession? GetSession(string sessionId)
    {
        AgentSession? session;
        using (var reader = Query($"SELECT {Rows.SessionColumns} FROM sessions s WHERE s.id = $id", ("$id", sessionId)))
        {
            session = reader.Read() ? Rows.ReadSession(reader, []) : null;
        }

        if (session is null)
        {
            return null;
        }

        var stores = new List<SessionAttachment>();
        using (var reader = Query("SELECT store_id, access, instructions FROM session_stores WHERE session_id = $id ORDER BY store_id", ("$id", sessionId)))
        {
            while (reader.Read())
            {
                stores.Add(new SessionAttachment(reader.GetString(0), (AttachmentAccess)reader.GetInt32(1), reader.GetString(2)));
            }
        }

        return session with { Stores = stores };
    }

    public void EndSession(string sessionId, DateTimeOffset endedAt) =>
        Execute("UPDATE sessions SET ended_at = $at WHERE id = $id AND ended_at IS NULL", ("$id", sessionId), ("$at", endedAt.UtcTicks));

    public void InsertProposal(Proposal proposal) => Execute(
        """
        INSERT INTO proposals (store_id, id, memory_id, operation, path, new_path, base_sha256, content_sha256, rationale, author_type, author_id,
                               api_key_id, status, created_at, decided_at, decided_by_type, decided_by_id, decision_note, applied_version_id,
                               dream_id, origin)
        VALUES ($store, $id, $memory, $operation, $path, $newPath, $base, $sha, $rationale, $authorType, $authorId, $apiKey, $status, $created,
                NULL, NULL, NULL, NULL, NULL, $dream, $origin)
        """,
        ("$store", proposal.StoreId), ("$id", proposal.Id), ("$memory", Rows.Db(proposal.MemoryId)), ("$operation", (int)proposal.Operation),
        ("$path", proposal.Path), ("$newPath", Rows.Db(proposal.NewPath)), ("$base", Rows.Db(proposal.BaseSha256)), ("$sha", Rows.Db(proposal.ContentSha256)),
        ("$rationale", proposal.Rationale), ("$authorType", (int)proposal.Author.Type), ("$authorId", proposal.Author.Id), ("$apiKey", Rows.Db(proposal.ApiKeyId)),
        ("$status", (int)proposal.Status), ("$created", proposal.CreatedAt.UtcTicks), ("$dream", Rows.Db(proposal.DreamId)),
        ("$origin", proposal.Origin is null ? DBNull.Value : System.Text.Json.JsonSerializer.Serialize(proposal.Origin, Rows.OriginJson)));

    public Proposal? GetProposal(string storeId, string proposalId)
    {
        using var reader = Query($"{Rows.SelectProposal(false)} WHERE p.store_id = $store AND p.id = $id", ("$store", storeId), ("$id", proposalId));
        return reader.Read() ? Rows.ReadProposal(reader) : null;
    }

    public void UpdateProposal(Proposal proposal) => Execute(
        """
        UPDATE proposals SET status = $status, decided_at = $at, decided_by_type = $byType, decided_by_id = $byId, decision_note = $note,
                             applied_version_id = $version
        WHERE store_id = $store AND id = $id
        """,
        ("$store", proposal.StoreId), ("$id", proposal.Id), ("$status", (int)proposal.Status), ("$at", Rows.Db(proposal.DecidedAt)),
        ("$byType", proposal.DecidedBy is null ? DBNull.Value : (int)proposal.DecidedBy.Type), ("$byId", Rows.Db(proposal.DecidedBy?.Id)),
        ("$note", Rows.Db(proposal.DecisionNote)), ("$version", Rows.Db(proposal.AppliedVersionId)));

    public void InsertAuditEvent(AuditEvent auditEvent) => Execute(
        """
        INSERT INTO audit_events (id, at, actor_type, actor_id, api_key_id, action, outcome, store_id, target, detail)
        VALUES ($id, $at, $actorType, $actorId, $apiKey, $action, $outcome, $store, $target, $detail)
        """,
        ("$id", auditEvent.Id), ("$at", auditEvent.At.UtcTicks), ("$actorType", auditEvent.Actor is null ? DBNull.Value : (int)auditEvent.Actor.Type),
        ("$actorId", Rows.Db(auditEvent.Actor?.Id)), ("$apiKey", Rows.Db(auditEvent.ApiKeyId)), ("$action", auditEvent.Action),
        ("$outcome", (int)auditEvent.Outcome), ("$store", Rows.Db(auditEvent.StoreId)), ("$target", Rows.Db(auditEvent.Target)), ("$detail", Rows.Db(auditEvent.Detail)));

    private void BumpPolicyEpoch() => Execute("UPDATE settings SET value = value + 1 WHERE key = 'policy_epoch'");
}
