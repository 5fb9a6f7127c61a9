using Engram.Review;

namespace Engram.Storage;

/// <summary>
/// The proposals port: changes to memories waiting for review, with their decisions. A proposal belongs to one
/// store and is found through it ("not found" is null, also for a proposal of another store). Proposal content
/// is stored by hash, like memory content, and loaded only when asked for.
/// </summary>
public interface IProposalStorage : ITransactionalStorage
{
    /// <summary>The proposal, or null; its content is loaded only when <paramref name="withContent"/>.</summary>
    Task<Proposal?> GetProposalAsync(string storeId, string proposalId, bool withContent, CancellationToken cancellationToken);

    /// <summary>Proposals of a store, newest first (created_at, then id), optionally of one status and of one dream, after <paramref name="after"/>.</summary>
    Task<IReadOnlyList<Proposal>> ListProposalsAsync(string storeId, ProposalStatus? status, string? dreamId, TimeIdCursor? after, int limit, CancellationToken cancellationToken);

    /// <summary>Every proposal a dream filed, in any store, newest first (without content).</summary>
    Task<IReadOnlyList<Proposal>> ListDreamProposalsAsync(string dreamId, CancellationToken cancellationToken);
}

/// <summary>The proposals port's operations inside one write transaction; "not found" is null.</summary>
public interface IProposalWriter
{
    /// <summary>Adds a proposal (its content, if any, must already be saved).</summary>
    void InsertProposal(Proposal proposal);

    /// <summary>The proposal, or null (without content).</summary>
    Proposal? GetProposal(string storeId, string proposalId);

    /// <summary>Records a decision on a proposal: status, decider, time, note and applied version.</summary>
    void UpdateProposal(Proposal proposal);
}
