using Engram.Storage;
using Engram.Access.Audit;
using Engram.Access.Policies;
using Engram.Access;
using Engram.Dreaming.Dreams;
using Engram.Memories;
using Engram.Review;
using Engram.Search;
using Engram.Sessions;

namespace Engram.Postgres;

public sealed partial class PostgresStorage : IProposalStorage
{
    public Task<Proposal?> GetProposalAsync(string storeId, string proposalId, bool withContent, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<IReadOnlyList<Proposal>> ListProposalsAsync(string storeId, ProposalStatus? status, string? dreamId, TimeIdCursor? after, int limit, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<IReadOnlyList<Proposal>> ListDreamProposalsAsync(string dreamId, CancellationToken cancellationToken) => throw new NotImplementedException();
}
