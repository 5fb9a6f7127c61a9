using System.Text.Json;
using Engram.Review;
using Engram.Storage;

namespace Engram.Postgres;

/// <summary>
/// The proposals port inside a unit of work. Each operation locks the proposal's store first, as memory writes do:
/// a decision and the memory write it applies are one serialized step, so two nodes cannot both accept one proposal.
/// </summary>
internal sealed partial class PostgresStorageWriter : IProposalWriter
{
    public void InsertProposal(Proposal proposal)
    {
        LockStore(proposal.StoreId);
        Execute(
            """
            INSERT INTO proposals (store_id, id, memory_id, operation, path, new_path, base_sha256, content_sha256, rationale, author_type, author_id,
                                   api_key_id, status, created_at, dream_id, origin)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
            """,
            proposal.StoreId, proposal.Id, proposal.MemoryId, (int)proposal.Operation, proposal.Path, proposal.NewPath, proposal.BaseSha256,
            proposal.ContentSha256, proposal.Rationale, (int)proposal.Author.Type, proposal.Author.Id, proposal.ApiKeyId, (int)proposal.Status,
            proposal.CreatedAt.UtcTicks, proposal.DreamId,
            proposal.Origin is null ? null : JsonSerializer.Serialize(proposal.Origin, ProposalRows.OriginJson));
    }

    public Proposal? GetProposal(string storeId, string proposalId)
    {
        LockStore(storeId);
        using var reader = Query($"{ProposalRows.SelectProposal(false)} WHERE p.store_id = $1 AND p.id = $2", storeId, proposalId);
        return reader.Read() ? ProposalRows.ReadProposal(reader) : null;
    }

    public void UpdateProposal(Proposal proposal)
    {
        LockStore(proposal.StoreId);
        Execute(
            """
            UPDATE proposals SET status = $3, decided_at = $4, decided_by_type = $5, decided_by_id = $6, decision_note = $7, applied_version_id = $8
            WHERE store_id = $1 AND id = $2
            """,
            proposal.StoreId, proposal.Id, (int)proposal.Status, MemoryRows.Ticks(proposal.DecidedAt), MemoryRows.Type(proposal.DecidedBy),
            proposal.DecidedBy?.Id, proposal.DecisionNote, proposal.AppliedVersionId);
    }
}
