using System.Text.Json;
using Engram.Access;
using Engram.Access.Audit;
using Engram.Access.Policies;
using Engram.Review;
using Engram.Memories;
using Microsoft.Data.Sqlite;

namespace Engram.Sqlite;

/// <summary>The column lists the backend selects and how rows map to the library's records.</summary>
internal static class Rows
{
    public const string StoreColumns = "id, name, description, metadata, created_at, updated_at, archived_at";

    public const string MemoryColumns =
        "m.store_id, m.id, m.path, m.content_sha256, m.content_size, m.version_id, m.created_at, m.updated_at";

    public const string VersionColumns =
        "v.store_id, v.id, v.memory_id, v.operation, v.path, v.content_sha256, v.content_size, v.created_at, " +
        "v.actor_type, v.actor_id, v.api_key_id, v.reason, v.redacted_at, v.redacted_by_type, v.redacted_by_id, " +
        "v.proposal_id, v.reviewed_by_type, v.reviewed_by_id, v.dream_id, v.evidence_sessions";

    public const string PrincipalColumns = "id, kind, name, role, created_at";

    public const string ApiKeyColumns = "k.id, k.principal_id, k.name, k.hint, k.created_at, k.revoked_at";

    public static Principal ReadPrincipal(SqliteDataReader r, int first = 0) => new(
        r.GetString(first), (PrincipalKind)r.GetInt32(first + 1), r.GetString(first + 2), (PrincipalRole)r.GetInt32(first + 3), Time(r.GetInt64(first + 4)));

    public static ApiKey ReadApiKey(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), Time(r.GetInt64(4)), r.IsDBNull(5) ? null : Time(r.GetInt64(5)));

    public const string PolicyColumns = "id, store_id, subject, path, capabilities, effect, description, created_at";

    public const string SessionColumns = "s.id, s.agent, s.title, s.metadata, s.created_by_type, s.created_by_id, s.created_at, s.ended_at";

    public const string AuditColumns = "id, at, actor_type, actor_id, api_key_id, action, outcome, store_id, target, detail";

    public static PolicyRule ReadPolicyRule(SqliteDataReader r) => PolicyRules.Restore(
        r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt32(4), r.GetInt32(5), r.GetString(6), Time(r.GetInt64(7)));

    public static AgentSession ReadSession(SqliteDataReader r, IReadOnlyList<SessionAttachment> stores) => new(
        r.GetString(0), r.GetString(1), r.GetString(2),
        JsonSerializer.Deserialize<SortedDictionary<string, string>>(r.GetString(3)) ?? [],
        stores, ReadActor(r, 4), Time(r.GetInt64(6)), r.IsDBNull(7) ? null : Time(r.GetInt64(7)));

    public static AuditEvent ReadAuditEvent(SqliteDataReader r) => new(
        r.GetString(0), Time(r.GetInt64(1)), ReadActor(r, 2), r.IsDBNull(4) ? null : r.GetString(4), r.GetString(5), (AuditOutcome)r.GetInt32(6),
        r.IsDBNull(7) ? null : r.GetString(7), r.IsDBNull(8) ? null : r.GetString(8), r.IsDBNull(9) ? null : r.GetString(9));

    /// <summary>A proposal select; the content column is null unless <paramref name="withContent"/>.</summary>
    public static string SelectProposal(bool withContent) =>
        "SELECT p.store_id, p.id, p.memory_id, p.operation, p.path, p.new_path, p.base_sha256, p.content_sha256, p.rationale, p.author_type, p.author_id, " +
        "p.api_key_id, p.status, p.created_at, p.decided_at, p.decided_by_type, p.decided_by_id, p.decision_note, p.applied_version_id, p.dream_id, p.origin, " +
        (withContent ? "c.body FROM proposals p LEFT JOIN contents c ON c.sha256 = p.content_sha256" : "NULL FROM proposals p");

    public static Proposal ReadProposal(SqliteDataReader r) => new(
        r.GetString(1), r.GetString(0), r.IsDBNull(2) ? null : r.GetString(2), (ProposalOperation)r.GetInt32(3), r.GetString(4),
        r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7),
        r.IsDBNull(21) ? null : r.GetString(21), r.GetString(8), ReadActor(r, 9)!, (ProposalStatus)r.GetInt32(12), Time(r.GetInt64(13)))
    {
        ApiKeyId = r.IsDBNull(11) ? null : r.GetString(11),
        DecidedAt = r.IsDBNull(14) ? null : Time(r.GetInt64(14)),
        DecidedBy = ReadActor(r, 15),
        DecisionNote = r.IsDBNull(17) ? null : r.GetString(17),
        AppliedVersionId = r.IsDBNull(18) ? null : r.GetString(18),
        DreamId = r.IsDBNull(19) ? null : r.GetString(19),
        Origin = r.IsDBNull(20) ? null : JsonSerializer.Deserialize<DreamOrigin>(r.GetString(20), OriginJson),
    };

    /// <summary>How a dream proposal's origin is stored: camelCase JSON, read back into the same record.</summary>
    public static readonly JsonSerializerOptions OriginJson = new(JsonSerializerDefaults.Web);

    /// <summary>A memory select; the content column is null unless <paramref name="withContent"/>.</summary>
    public static string SelectMemory(bool withContent) => withContent
        ? $"SELECT {MemoryColumns}, c.body FROM memories m JOIN contents c ON c.sha256 = m.content_sha256"
        : $"SELECT {MemoryColumns}, NULL FROM memories m";

    /// <summary>A version select; the content column is null unless <paramref name="withContent"/>.</summary>
    public static string SelectVersion(bool withContent) => withContent
        ? $"SELECT {VersionColumns}, c.body FROM versions v LEFT JOIN contents c ON c.sha256 = v.content_sha256"
        : $"SELECT {VersionColumns}, NULL FROM versions v";

    public static long Ticks(DateTimeOffset value) => value.UtcTicks;

    public static DateTimeOffset Time(long ticks) => new(ticks, TimeSpan.Zero);

    public static MemoryStore ReadStore(SqliteDataReader r) => new(
        r.GetString(0),
        r.GetString(1),
        r.GetString(2),
        JsonSerializer.Deserialize<SortedDictionary<string, string>>(r.GetString(3)) ?? [],
        Time(r.GetInt64(4)),
        Time(r.GetInt64(5)),
        r.IsDBNull(6) ? null : Time(r.GetInt64(6)));

    public static string WriteMetadata(IReadOnlyDictionary<string, string> metadata) => JsonSerializer.Serialize(metadata);

    public static Memory ReadMemory(SqliteDataReader r) => new(
        r.GetString(1),
        r.GetString(0),
        r.GetString(2),
        r.IsDBNull(8) ? null : r.GetString(8),
        r.GetString(3),
        r.GetInt64(4),
        r.GetString(5),
        Time(r.GetInt64(6)),
        Time(r.GetInt64(7)));

    public static MemoryVersion ReadVersion(SqliteDataReader r) => new(
        r.GetString(1),
        r.GetString(2),
        r.GetString(0),
        (VersionOperation)r.GetInt32(3),
        r.IsDBNull(4) ? null : r.GetString(4),
        r.IsDBNull(20) ? null : r.GetString(20),
        r.IsDBNull(5) ? null : r.GetString(5),
        r.IsDBNull(6) ? null : r.GetInt64(6),
        Time(r.GetInt64(7)),
        ReadActor(r, 8),
        r.IsDBNull(12) ? null : Time(r.GetInt64(12)),
        ReadActor(r, 13))
    {
        ApiKeyId = r.IsDBNull(10) ? null : r.GetString(10),
        Reason = r.IsDBNull(11) ? null : r.GetString(11),
        ProposalId = r.IsDBNull(15) ? null : r.GetString(15),
        ReviewedBy = ReadActor(r, 16),
        DreamId = r.IsDBNull(18) ? null : r.GetString(18),
        EvidenceSessionIds = r.IsDBNull(19) ? null : JsonSerializer.Deserialize<string[]>(r.GetString(19)),
    };

    internal static Actor? ReadActor(SqliteDataReader r, int typeColumn) =>
        r.IsDBNull(typeColumn) ? null : new Actor((ActorType)r.GetInt32(typeColumn), r.GetString(typeColumn + 1));

    public static object Db(string? value) => (object?)value ?? DBNull.Value;

    public static object Db(long? value) => value is null ? DBNull.Value : value.Value;

    public static object Db(DateTimeOffset? value) => value is null ? DBNull.Value : value.Value.UtcTicks;
}
