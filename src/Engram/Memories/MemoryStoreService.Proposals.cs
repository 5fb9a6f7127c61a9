using Engram.Access;
using Engram.Access.Policies;
using Engram.Errors;
using Engram.Identity;
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

    /// <summary>
    /// Applies an accepted proposal with its base hash as the precondition. If the memory moved on (or the
    /// path was taken), the proposal is marked conflicted and nothing else is written. The version records
    /// the proposal's author as its actor, the reviewer, and the proposal. With <paramref name="merge"/>, a
    /// pending or conflicted proposal whose base moved is merged three ways with the current content first and
    /// applied against the current hash (<paramref name="expectedCurrentSha256"/>, when given, must still be it).
    /// Without it, a dream's proposal whose base moved only by another accepted proposal of the same dream is merged too.
    /// <paramref name="editedContent"/>, when given, is applied in place of the proposed content (a reviewer's edit).
    /// </summary>
    internal Task<Proposal> ApplyProposalAsync(
        Caller reviewer, PolicySet rules, string storeId, string proposalId, string? note, bool merge, string? expectedCurrentSha256, string? editedContent,
        CancellationToken cancellationToken) =>
        RunAsync<Proposal>(tx =>
        {
            VisibleStore(tx, reviewer, rules, storeId);
            if (CheckReviewable(tx, reviewer, rules, storeId, proposalId, "proposal.accept", merge, out var filed) is { } denied)
            {
                return denied;
            }

            RequireWritable(tx.GetStore(storeId)!);
            var proposal = editedContent is null ? filed : EditedAtReview(tx, filed, editedContent);
            var now = Now();
            string? versionId = null;
            string? conflict;
            ProposalRebase rebase;
            if (merge)
            {
                rebase = Rebase(tx, proposal, expectedCurrentSha256);
                conflict = rebase.Conflict ?? Apply(tx, rebase.Proposal, reviewer, rules, now, out versionId);
            }
            else
            {
                // Accepting one of a dream's proposals after another of the same dream changed the file merges it, as the
                // dream's own write does: the base moved only by the dream itself. Anyone else's change waits for --merge.
                conflict = ApplyOrMerge(tx, proposal, reviewer, rules, now, overAnyChange: false, out versionId, out var mergeNote);
                rebase = new ProposalRebase(proposal, null, mergeNote);
            }

            // The proposal keeps what was proposed; the version holds what the reviewer applied.
            var edited = editedContent is null ? null : EditedNote;
            var decided = filed with
            {
                Status = conflict is null ? ProposalStatus.Applied : ProposalStatus.Conflicted,
                DecidedAt = now,
                DecidedBy = reviewer.Actor,
                DecisionNote = conflict ?? Joined(note, Joined(edited, rebase.MergeNote)),
                AppliedVersionId = versionId,
            };
            tx.UpdateProposal(decided);
            audit.Record(tx, reviewer, "proposal.accept", storeId, proposalId, conflict is null
                ? $"applied as {versionId}{(edited is null ? "" : ", edited at review")}{(rebase.MergeNote is null ? "" : ", merged")}"
                : $"conflicted: {conflict}");
            return new Outcome<Proposal>(decided);
        }, cancellationToken);

    /// <summary>What a decision note and a version's reason say when the reviewer edited the proposed content.</summary>
    internal const string EditedNote = "edited at review";

    /// <summary>
    /// The proposal with the reviewer's text in place of the proposed content, its rationale marked as edited (the
    /// version's reason): only a create or a content change carries content to edit.
    /// </summary>
    private static Proposal EditedAtReview(IStorageWriter tx, Proposal proposal, string content)
    {
        if (proposal.Operation is not (ProposalOperation.Create or ProposalOperation.Modify) || proposal.ContentSha256 is null)
        {
            throw new InvalidRequestException(
                "content", $"only a proposal that creates a memory or changes its content can be edited (proposal {proposal.Id} is a {proposal.Operation.ToString().ToLowerInvariant()})");
        }

        var sha = MemoryContent.Sha256(content);
        tx.SaveContent(sha, content);
        var suffix = $" ({EditedNote})";
        var cut = MaxReasonCharacters - suffix.Length - 1;
        var rationale = proposal.Rationale.Length + suffix.Length > MaxReasonCharacters
            ? proposal.Rationale[..(char.IsHighSurrogate(proposal.Rationale[cut - 1]) ? cut - 1 : cut)] + "…"
            : proposal.Rationale;
        return proposal with { ContentSha256 = sha, Content = content, Rationale = rationale.Length == 0 ? EditedNote : rationale + suffix };
    }

    private static string? Joined(string? first, string? second) =>
        first is null ? second : second is null ? first : $"{first} ({second})";

    /// <summary>
    /// Finds a proposal the reviewer may decide (review on its path, on its new path for a rename, and on every
    /// memory a merge retires), or the refusal: not found when the reviewer may not read the path, denied when it
    /// may not review one of them. It must be pending, or conflicted when <paramref name="allowConflicted"/>.
    /// </summary>
    private static Denial? CheckReviewable(
        IStorageWriter tx, Caller reviewer, PolicySet rules, string storeId, string proposalId, string action, bool allowConflicted, out Proposal proposal)
    {
        var found = tx.GetProposal(storeId, proposalId);
        var allowed = found is null ? Capability.None : rules.Evaluate(reviewer, storeId, found.Path);
        proposal = found!;
        if (found is null || (allowed & Capability.Read) == 0)
        {
            return new Denial(reviewer, action, storeId, proposalId, new NotFoundException("proposal", proposalId));
        }

        if ((allowed & Capability.Review) == 0)
        {
            return Refuse(reviewer, allowed, action, storeId, found.Path, proposalId, Capability.Review, "proposal");
        }

        foreach (var touched in TouchedPaths(found))
        {
            var allowedThere = rules.Evaluate(reviewer, storeId, touched);
            if ((allowedThere & Capability.Review) == 0)
            {
                return new Denial(reviewer, action, storeId, proposalId, (allowedThere & Capability.Read) == 0
                    ? new NotFoundException("proposal", proposalId)
                    : new PermissionDeniedException($"you may not review {touched} in store {storeId}, which proposal {proposalId} also changes"));
            }
        }

        return found.Status == ProposalStatus.Pending || (allowConflicted && found.Status == ProposalStatus.Conflicted)
            ? null
            : throw new InvalidStateException(allowConflicted
                ? $"proposal {proposalId} is {found.Status.ToString().ToLowerInvariant()}; only pending or conflicted proposals can be merged"
                : $"proposal {proposalId} is {found.Status.ToString().ToLowerInvariant()}, not pending; only pending proposals can be decided");
    }

    /// <summary>The paths besides its own that a proposal writes: its new path, and the memories a merge deletes.</summary>
    private static IEnumerable<string> TouchedPaths(Proposal proposal)
    {
        if (proposal.NewPath is { } newPath)
        {
            yield return newPath;
        }

        if (proposal.Operation == ProposalOperation.Merge)
        {
            foreach (var retired in proposal.Origin?.Retires ?? [])
            {
                yield return retired.Path;
            }
        }
    }

    /// <summary>Rejects a pending proposal: recorded with its reviewer; nothing is written to the memory.</summary>
    internal Task<Proposal> RejectProposalAsync(Caller reviewer, PolicySet rules, string storeId, string proposalId, string? note, CancellationToken cancellationToken) =>
        RunAsync<Proposal>(tx =>
        {
            VisibleStore(tx, reviewer, rules, storeId);
            if (CheckReviewable(tx, reviewer, rules, storeId, proposalId, "proposal.reject", allowConflicted: false, out var proposal) is { } denied)
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
            var created = Stamp(NewVersion(author, memory, VersionOperation.Created, now, NonEmpty(proposal.Rationale)), proposal, reviewer);
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
            var deleted = Stamp(NewVersion(author, current, VersionOperation.Deleted, now, NonEmpty(proposal.Rationale)), proposal, reviewer);
            AppendVersion(tx, deleted);
            versionId = deleted.Id;
            return null;
        }

        var retired = new List<Memory>();
        if (proposal.Operation == ProposalOperation.Merge && RetiredStillAsProposed(tx, proposal, current, retired) is { } moved)
        {
            return moved;
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

        foreach (var duplicate in retired)
        {
            tx.DeleteMemory(proposal.StoreId, duplicate.Id);
            AppendVersion(tx, Stamp(NewVersion(author, duplicate, VersionOperation.Deleted, now, NonEmpty(proposal.Rationale)), proposal, reviewer));
        }

        var sha = proposal.ContentSha256 ?? current.ContentSha256;
        var size = proposal.ContentSha256 is null ? current.ContentSizeBytes : System.Text.Encoding.UTF8.GetByteCount(tx.GetContent(sha)!);
        var changed = current with { Path = proposal.NewPath ?? current.Path, ContentSha256 = sha, ContentSizeBytes = size };
        var version = Stamp(NewVersion(author, changed, VersionOperation.Modified, now, NonEmpty(proposal.Rationale)), proposal, reviewer);
        tx.UpdateMemory(changed with { MemoryVersionId = version.Id, UpdatedAt = now });
        AppendVersion(tx, version);
        versionId = version.Id;
        return null;
    }

    /// <summary>
    /// Collects the memories a merge retires into <paramref name="retired"/>, or says why the merge no longer
    /// fits: one of them is gone, changed or moved, or the kept memory was moved away from the proposed path.
    /// </summary>
    private static string? RetiredStillAsProposed(IStorageWriter tx, Proposal proposal, Memory keeper, List<Memory> retired)
    {
        if (keeper.Path != proposal.Path)
        {
            return $"the memory was moved to {keeper.Path} since the proposal was made";
        }

        foreach (var planned in proposal.Origin?.Retires ?? [])
        {
            var duplicate = planned.MemoryId == keeper.Id ? keeper : tx.GetMemory(proposal.StoreId, planned.MemoryId);
            if (duplicate is null)
            {
                return $"{planned.Path} ({planned.MemoryId}), which the merge retires, was deleted since the proposal was made";
            }

            if (duplicate.Id == keeper.Id || retired.Any(m => m.Id == duplicate.Id))
            {
                return $"the merge retires {planned.Path} ({planned.MemoryId}) twice or retires the memory it keeps";
            }

            if (duplicate.ContentSha256 != planned.BaseSha256 || duplicate.Path != planned.Path)
            {
                return duplicate.Path != planned.Path
                    ? $"{planned.Path} ({planned.MemoryId}), which the merge retires, was moved to {duplicate.Path} since the proposal was made"
                    : $"{planned.Path} ({planned.MemoryId}), which the merge retires, changed since the proposal was made (content_sha256 {duplicate.ContentSha256[..12]}..., proposed against {planned.BaseSha256[..Math.Min(12, planned.BaseSha256.Length)]}...)";
            }

            retired.Add(duplicate);
        }

        return null;
    }

    /// <summary>A version that applied <paramref name="proposal"/>: the proposal, its reviewer, and the dream and evidence sessions when a dream made it.</summary>
    private static MemoryVersion Stamp(MemoryVersion version, Proposal proposal, Caller reviewer) => version with
    {
        ProposalId = proposal.Id, ReviewedBy = reviewer.Actor, DreamId = proposal.DreamId, EvidenceSessionIds = proposal.Origin?.EvidenceSessionIds,
    };

    private static string? NonEmpty(string text) => text.Length == 0 ? null : text;
}
