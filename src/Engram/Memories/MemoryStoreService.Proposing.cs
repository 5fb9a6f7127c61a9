using Engram.Access;
using Engram.Review;
using Engram.Storage;

namespace Engram.Memories;

internal sealed partial class MemoryStoreService
{
    /// <summary>Files a write the caller may only propose, with the memory's current hash as its base.</summary>
    private Proposal FileProposal(
        IStorageWriter tx, Caller caller, string storeId, ProposalOperation operation, Memory? current, string path, string? newPath,
        string? content, string? contentSha256, string? reason)
    {
        if (content is not null)
        {
            tx.SaveContent(contentSha256!, content);
        }

        var proposal = new Proposal(
            ids.NewId("prop"), storeId, current?.Id, operation, path, newPath, current?.ContentSha256, contentSha256, content,
            reason ?? "", caller.Actor, ProposalStatus.Pending, Now())
        {
            ApiKeyId = caller.ApiKeyId,
        };
        tx.InsertProposal(proposal);
        audit.Record(tx, caller, "proposal.create", storeId, proposal.Id, newPath is null ? path : $"{path} -> {newPath}");
        return proposal;
    }
}
