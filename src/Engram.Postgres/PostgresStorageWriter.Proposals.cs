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

internal sealed partial class PostgresStorageWriter : IProposalWriter
{
    public void InsertProposal(Proposal proposal) => throw new NotImplementedException();
    public Proposal? GetProposal(string storeId, string proposalId) => throw new NotImplementedException();
    public void UpdateProposal(Proposal proposal) => throw new NotImplementedException();
}
