using System.Data.Common;
using System.Text.Json;
using Engram.Review;

namespace Engram.Postgres;

/// <summary>The proposals port's select and how its rows map to proposals (as the SQLite backend's).</summary>
internal static class ProposalRows
{
    /// <summary>How a dream proposal's origin is stored: camelCase JSON, read back into the same record.</summary>
    public static readonly JsonSerializerOptions OriginJson = new(JsonSerializerDefaults.Web);

    /// <summary>A proposal select; the content column is null unless <paramref name="withContent"/>.</summary>
    public static string SelectProposal(bool withContent) =>
        "SELECT p.store_id, p.id, p.memory_id, p.operation, p.path, p.new_path, p.base_sha256, p.content_sha256, p.rationale, p.author_type, p.author_id, " +
        "p.api_key_id, p.status, p.created_at, p.decided_at, p.decided_by_type, p.decided_by_id, p.decision_note, p.applied_version_id, p.dream_id, p.origin, " +
        (withContent ? "c.body FROM proposals p LEFT JOIN contents c ON c.sha256 = p.content_sha256" : "NULL::bytea FROM proposals p");

    public static Proposal ReadProposal(DbDataReader r) => new(
        r.GetString(1), r.GetString(0), MemoryRows.Text(r, 2), (ProposalOperation)r.GetInt32(3), r.GetString(4),
        MemoryRows.Text(r, 5), MemoryRows.Text(r, 6), MemoryRows.Text(r, 7),
        MemoryRows.Body(r, 21), r.GetString(8), MemoryRows.ReadActor(r, 9)!, (ProposalStatus)r.GetInt32(12), MemoryRows.Time(r.GetInt64(13)))
    {
        ApiKeyId = MemoryRows.Text(r, 11),
        DecidedAt = r.IsDBNull(14) ? null : MemoryRows.Time(r.GetInt64(14)),
        DecidedBy = MemoryRows.ReadActor(r, 15),
        DecisionNote = MemoryRows.Text(r, 17),
        AppliedVersionId = MemoryRows.Text(r, 18),
        DreamId = MemoryRows.Text(r, 19),
        Origin = r.IsDBNull(20) ? null : JsonSerializer.Deserialize<DreamOrigin>(r.GetString(20), OriginJson),
    };
}
