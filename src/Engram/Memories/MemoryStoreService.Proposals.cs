using Engram.Access;
using Engram.Access.Policies;
using Engram.Errors;
using Engram.Identity;
using Engram.Review;
using Engram.Storage;

namespace Engram.Memories;

public sealed partial class MemoryStoreService
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

    /// <summary>
    /// Applies an accepted proposal with its base hash as the precondition. If the memory moved on (or the
    /// path was taken), the proposal is marked conflicted and nothing else is written. The version records
    /// the proposal's author as its actor, the reviewer, and the proposal.
    /// </summary>
    internal Task<Proposal> ApplyProposalAsync(Caller reviewer, PolicySet rules, string storeId, string proposalId, string? note, CancellationToken cancellationToken) =>
        RunAsync<Proposal>(tx =>
        {
            VisibleStore(tx, reviewer, rules, storeId);
            if (CheckReviewable(tx, reviewer, rules, storeId, proposalId, "proposal.accept", out var proposal) is { } denied)
            {
                return denied;
            }

            RequireWritable(tx.GetStore(storeId)!);
            var now = Now();
            var conflict = Apply(tx, proposal, reviewer, rules, now, out var versionId);
            var decided = proposal with
            {
                Status = conflict is null ? ProposalStatus.Applied : ProposalStatus.Conflicted,
                DecidedAt = now,
                DecidedBy = reviewer.Actor,
                DecisionNote = conflict ?? note,
                AppliedVersionId = versionId,
            };
            tx.UpdateProposal(decided);
            audit.Record(tx, reviewer, "proposal.accept", storeId, proposalId, conflict is null ? $"applied as {versionId}" : $"conflicted: {conflict}");
            return new Outcome<Proposal>(decided);
        }, cancellationToken);

    /// <summary>
    /// Finds a pending proposal the reviewer may decide (review on its path, and on its new path for a rename),
    /// or the refusal: not found when the reviewer may not read the path, denied when it may not review it.
    /// </summary>
    private static Denial? CheckReviewable(IStorageWriter tx, Caller reviewer, PolicySet rules, string storeId, string proposalId, string action, out Proposal proposal)
    {
        var found = tx.GetProposal(storeId, proposalId);
        var allowed = found is null ? Capability.None : rules.Evaluate(reviewer, storeId, found.Path);
        proposal = found!;
        if (found is null || (allowed & Capability.Read) == 0)
        {
            return new Denial(reviewer, action, storeId, proposalId, new NotFoundException("proposal", proposalId));
        }

        var allowedThere = found.NewPath is null ? allowed : rules.Evaluate(reviewer, storeId, found.NewPath);
        if ((allowed & allowedThere & Capability.Review) == 0)
        {
            return Refuse(reviewer, allowed, action, storeId, found.Path, proposalId, Capability.Review, "proposal");
        }

        return found.Status == ProposalStatus.Pending
            ? null
            : throw new InvalidStateException($"proposal {proposalId} is {found.Status.ToString().ToLowerInvariant()}, not pending; only pending proposals can be decided");
    }

    /// <summary>Rejects a pending proposal: recorded with its reviewer; nothing is written to the memory.</summary>
    internal Task<Proposal> RejectProposalAsync(Caller reviewer, PolicySet rules, string storeId, string proposalId, string? note, CancellationToken cancellationToken) =>
        RunAsync<Proposal>(tx =>
        {
            VisibleStore(tx, reviewer, rules, storeId);
            if (CheckReviewable(tx, reviewer, rules, storeId, proposalId, "proposal.reject", out var proposal) is { } denied)
            {
                return denied;
            }

            var rejected = proposal with { Status = ProposalStatus.Rejected, DecidedAt = Now(), DecidedBy = reviewer.Actor, DecisionNote = note };
            tx.UpdateProposal(rejected);
            audit.Record(tx, reviewer, "proposal.reject", storeId, proposalId, note);
            return new Outcome<Proposal>(rejected);
        }, cancellationToken);

    /// <summary>Writes what the proposal says inside <paramref name="tx"/>, or returns why it no longer fits (nothing is written then). Dreams call it for their output.</summary>
    internal string? Apply(IStorageWriter tx, Proposal proposal, Caller reviewer, PolicySet rules, DateTimeOffset now, out string? versionId)
    {
        versionId = null;
        var author = new Caller(proposal.Author, proposal.ApiKeyId);
        MemoryVersion Stamp(MemoryVersion version) => version with
        {
            ProposalId = proposal.Id, ReviewedBy = reviewer.Actor, DreamId = proposal.DreamId, EvidenceSessionIds = proposal.Origin?.EvidenceSessionIds,
        };

        if (proposal.Operation == ProposalOperation.Create)
        {
            var path = MemoryPath.Parse(proposal.Path);
            try
            {
                EnsurePathIsFree(tx, reviewer, rules, proposal.StoreId, path, movingMemoryId: null);
            }
            catch (PathConflictException conflict)
            {
                return $"the path is taken now ({conflict.Message})";
            }

            var memory = new Memory(ids.NewId(IdPrefix.Memory), proposal.StoreId, path.Value, null, proposal.ContentSha256!,
                System.Text.Encoding.UTF8.GetByteCount(tx.GetContent(proposal.ContentSha256!)!), "", now, now);
            var created = Stamp(NewVersion(author, memory, VersionOperation.Created, now, NonEmpty(proposal.Rationale)));
            tx.InsertMemory(memory with { MemoryVersionId = created.Id });
            AppendVersion(tx, created);
            versionId = created.Id;
            return null;
        }

        var current = tx.GetMemory(proposal.StoreId, proposal.MemoryId!);
        if (current is null)
        {
            return "the memory was deleted since the proposal was made";
        }

        if (current.ContentSha256 != proposal.BaseSha256)
        {
            return $"the memory changed since the proposal was made (content_sha256 {current.ContentSha256[..12]}..., proposed against {proposal.BaseSha256?[..12]}...)";
        }

        if (proposal.Operation == ProposalOperation.Delete)
        {
            tx.DeleteMemory(proposal.StoreId, current.Id);
            var deleted = Stamp(NewVersion(author, current, VersionOperation.Deleted, now, NonEmpty(proposal.Rationale)));
            AppendVersion(tx, deleted);
            versionId = deleted.Id;
            return null;
        }

        if (proposal.NewPath is { } newPath)
        {
            try
            {
                EnsurePathIsFree(tx, reviewer, rules, proposal.StoreId, MemoryPath.Parse(newPath), current.Id);
            }
            catch (PathConflictException conflict)
            {
                return $"the new path is taken now ({conflict.Message})";
            }
        }

        var sha = proposal.ContentSha256 ?? current.ContentSha256;
        var size = proposal.ContentSha256 is null ? current.ContentSizeBytes : System.Text.Encoding.UTF8.GetByteCount(tx.GetContent(sha)!);
        var changed = current with { Path = proposal.NewPath ?? current.Path, ContentSha256 = sha, ContentSizeBytes = size };
        var version = Stamp(NewVersion(author, changed, VersionOperation.Modified, now, NonEmpty(proposal.Rationale)));
        tx.UpdateMemory(changed with { MemoryVersionId = version.Id, UpdatedAt = now });
        AppendVersion(tx, version);
        versionId = version.Id;
        return null;
    }

    private static string? NonEmpty(string text) => text.Length == 0 ? null : text;
}
