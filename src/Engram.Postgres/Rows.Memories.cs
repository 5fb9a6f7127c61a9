using System.Data.Common;
using System.Text;
using System.Text.Json;
using Engram.Access;
using Engram.Memories;

namespace Engram.Postgres;

/// <summary>The memories port's column lists and how its rows map to the library's records (as the SQLite backend's).</summary>
internal static class MemoryRows
{
    public const string StoreColumns = "id, name, description, metadata, created_at, updated_at, archived_at";

    public const string MemoryColumns =
        "m.store_id, m.id, m.path, m.content_sha256, m.content_size, m.version_id, m.created_at, m.updated_at";

    public const string VersionColumns =
        "v.store_id, v.id, v.memory_id, v.operation, v.path, v.content_sha256, v.content_size, v.created_at, " +
        "v.actor_type, v.actor_id, v.api_key_id, v.reason, v.redacted_at, v.redacted_by_type, v.redacted_by_id, " +
        "v.proposal_id, v.reviewed_by_type, v.reviewed_by_id, v.dream_id, v.evidence_sessions";

    /// <summary>A memory select; the content column is null unless <paramref name="withContent"/>.</summary>
    public static string SelectMemory(bool withContent) => withContent
        ? $"SELECT {MemoryColumns}, c.body FROM memories m JOIN contents c ON c.sha256 = m.content_sha256"
        : $"SELECT {MemoryColumns}, NULL::bytea FROM memories m";

    /// <summary>A version select; the content column is null unless <paramref name="withContent"/>.</summary>
    public static string SelectVersion(bool withContent) => withContent
        ? $"SELECT {VersionColumns}, c.body FROM versions v LEFT JOIN contents c ON c.sha256 = v.content_sha256"
        : $"SELECT {VersionColumns}, NULL::bytea FROM versions v";

    /// <summary>
    /// The smallest text greater than every text that starts with <paramref name="prefix"/> (which ends in '/'):
    /// the same text with its last '/' replaced by '0', the next character. Paths are <c>COLLATE "C"</c>, compared
    /// as UTF-8 bytes, so <c>path &gt;= prefix AND path &lt; bound</c> is exactly "starts with", as an index range.
    /// </summary>
    public static string PathUpperBound(string prefix) =>
        prefix.EndsWith('/')
            ? string.Concat(prefix.AsSpan(0, prefix.Length - 1), "0")
            : throw new ArgumentException("a path prefix ends with '/'", nameof(prefix));

    public static MemoryStore ReadStore(DbDataReader r) => new(
        r.GetString(0),
        r.GetString(1),
        r.GetString(2),
        JsonSerializer.Deserialize<SortedDictionary<string, string>>(r.GetString(3)) ?? [],
        Time(r.GetInt64(4)),
        Time(r.GetInt64(5)),
        r.IsDBNull(6) ? null : Time(r.GetInt64(6)));

    public static string WriteMetadata(IReadOnlyDictionary<string, string> metadata) => JsonSerializer.Serialize(metadata);

    public static Memory ReadMemory(DbDataReader r) => new(
        r.GetString(1),
        r.GetString(0),
        r.GetString(2),
        Body(r, 8),
        r.GetString(3),
        r.GetInt64(4),
        r.GetString(5),
        Time(r.GetInt64(6)),
        Time(r.GetInt64(7)));

    public static MemoryVersion ReadVersion(DbDataReader r) => new(
        r.GetString(1),
        r.GetString(2),
        r.GetString(0),
        (VersionOperation)r.GetInt32(3),
        Text(r, 4),
        Body(r, 20),
        Text(r, 5),
        r.IsDBNull(6) ? null : r.GetInt64(6),
        Time(r.GetInt64(7)),
        ReadActor(r, 8),
        r.IsDBNull(12) ? null : Time(r.GetInt64(12)),
        ReadActor(r, 13))
    {
        ApiKeyId = Text(r, 10),
        Reason = Text(r, 11),
        ProposalId = Text(r, 15),
        ReviewedBy = ReadActor(r, 16),
        DreamId = Text(r, 18),
        EvidenceSessionIds = r.IsDBNull(19) ? null : JsonSerializer.Deserialize<string[]>(r.GetString(19)),
    };

    /// <summary>An actor stored as a type column and the id column after it; null when the type is.</summary>
    public static Actor? ReadActor(DbDataReader r, int typeColumn) =>
        r.IsDBNull(typeColumn) ? null : new Actor((ActorType)r.GetInt32(typeColumn), r.GetString(typeColumn + 1));

    public static string? Text(DbDataReader r, int column) => r.IsDBNull(column) ? null : r.GetString(column);

    /// <summary>A content body: its exact UTF-8 bytes, decoded.</summary>
    public static string? Body(DbDataReader r, int column) =>
        r.IsDBNull(column) ? null : Encoding.UTF8.GetString(r.GetFieldValue<byte[]>(column));

    /// <summary>How a body is stored: the content's UTF-8 bytes (the bytes its hash is of).</summary>
    public static byte[] Bytes(string content) => Encoding.UTF8.GetBytes(content);

    public static DateTimeOffset Time(long ticks) => new(ticks, TimeSpan.Zero);

    /// <summary>A nullable value as a parameter (null is SQL NULL).</summary>
    public static object? Ticks(DateTimeOffset? value) => value?.UtcTicks;

    public static object? Type(Actor? actor) => actor is null ? null : (int)actor.Type;
}
