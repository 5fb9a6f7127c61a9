using Engram.Review;
using Engram.Storage;

namespace Engram.Postgres;

public sealed partial class PostgresStorage : IProposalStorage
{
    /// <inheritdoc />
    public Task<Proposal?> GetProposalAsync(string storeId, string proposalId, bool withContent, CancellationToken cancellationToken) =>
        MemoryReads.SingleAsync(
            _dataSource, $"{ProposalRows.SelectProposal(withContent)} WHERE p.store_id = $1 AND p.id = $2", ProposalRows.ReadProposal, cancellationToken, storeId, proposalId);

    /// <inheritdoc />
    public Task<IReadOnlyList<Proposal>> ListProposalsAsync(string storeId, ProposalStatus? status, string? dreamId, TimeIdCursor? after, int limit, CancellationToken cancellationToken) =>
        MemoryReads.ManyAsync(
            _dataSource,
            $"""
            {ProposalRows.SelectProposal(false)}
            WHERE p.store_id = $1 AND ($2::integer IS NULL OR p.status = $2) AND ($3::text IS NULL OR p.dream_id = $3)
              AND ($4::bigint IS NULL OR (p.created_at, p.id) < ($4, $5::text))
            ORDER BY p.created_at DESC, p.id DESC LIMIT $6
            """,
            ProposalRows.ReadProposal, cancellationToken,
            storeId, status is { } value ? (int)value : null, dreamId, MemoryRows.Ticks(after?.CreatedAt), after?.Id, limit);

    /// <inheritdoc />
    public Task<IReadOnlyList<Proposal>> ListDreamProposalsAsync(string dreamId, CancellationToken cancellationToken) =>
        MemoryReads.ManyAsync(
            _dataSource, $"{ProposalRows.SelectProposal(false)} WHERE p.dream_id = $1 ORDER BY p.created_at DESC, p.id DESC", ProposalRows.ReadProposal, cancellationToken, dreamId);
}
