using Engram.Access;
using Engram.Access.Policies;
using Engram.Errors;
using Engram.Memories;
using Engram.Storage;

namespace Engram.Review;

/// <summary>
/// Review's writes: applying an accepted proposal (with its base hash as the precondition, or merged three ways),
/// rejecting one, and a dream's own output (<see cref="ApplyOrMerge"/>). Owned by <see cref="ReviewService"/>; the dream
/// runner writes its output through it. It runs its units of work and appends versions through the in-transaction
/// operations the memory store offers (<see cref="MemoryStoreService.RunAsync{T}"/>, <see cref="MemoryStoreService.NewVersion"/>,
/// <see cref="MemoryStoreService.AppendVersion"/>), writes the memory rows themselves through the storage writer, and asks
/// the <see cref="WriteGate"/> who may decide.
/// </summary>
internal sealed partial class ProposalApplier(MemoryStoreService memories)
{
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
        memories.RunAsync<Proposal>(tx =>
        {
            MemoryStoreService.VisibleStore(tx, reviewer, rules, storeId);
            if (CheckReviewable(tx, reviewer, rules, storeId, proposalId, "proposal.accept", merge, out var filed) is { } denied)
            {
                return denied;
            }

            WriteGate.RequireOpen(tx.GetStore(storeId)!);
            var proposal = editedContent is null ? filed : EditedAtReview(tx, filed, editedContent);
            var now = memories.Now();
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
            memories.Audit.Record(tx, reviewer, "proposal.accept", storeId, proposalId, conflict is null
                ? $"applied as {versionId}{(edited is null ? "" : ", edited at review")}{(rebase.MergeNote is null ? "" : ", merged")}"
                : $"conflicted: {conflict}");
            return new MemoryStoreService.Outcome<Proposal>(decided);
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
        var cut = MemoryStoreService.MaxReasonCharacters - suffix.Length - 1;
        var rationale = proposal.Rationale.Length + suffix.Length > MemoryStoreService.MaxReasonCharacters
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
    private static MemoryStoreService.Denial? CheckReviewable(
        IStorageWriter tx, Caller reviewer, PolicySet rules, string storeId, string proposalId, string action, bool allowConflicted, out Proposal proposal)
    {
        var found = tx.GetProposal(storeId, proposalId);
        var allowed = found is null ? Capability.None : rules.Evaluate(reviewer, storeId, found.Path);
        proposal = found!;
        if (found is null || (allowed & Capability.Read) == 0)
        {
            return new MemoryStoreService.Denial(reviewer, action, storeId, proposalId, new NotFoundException("proposal", proposalId));
        }

        // Decided before the status and (for an accept) the archived store are looked at, as a refusal says nothing of either.
        var decision = WriteGate.Decide(reviewer, rules, tx.GetStore(storeId)!, WriteIntent.Review(found.Path, TouchedPaths(found), proposalId, accepting: false));
        if (decision.Verdict != WriteVerdict.Write)
        {
            return MemoryStoreService.Denied(reviewer, action, storeId, proposalId, decision);
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
        memories.RunAsync<Proposal>(tx =>
        {
            MemoryStoreService.VisibleStore(tx, reviewer, rules, storeId);
            if (CheckReviewable(tx, reviewer, rules, storeId, proposalId, "proposal.reject", allowConflicted: false, out var proposal) is { } denied)
            {
                return denied;
            }

            var rejected = proposal with { Status = ProposalStatus.Rejected, DecidedAt = memories.Now(), DecidedBy = reviewer.Actor, DecisionNote = note };
            tx.UpdateProposal(rejected);
            memories.Audit.Record(tx, reviewer, "proposal.reject", storeId, proposalId, note);
            return new MemoryStoreService.Outcome<Proposal>(rejected);
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
                MemoryStoreService.EnsurePathIsFree(tx, reviewer, rules, proposal.StoreId, path, movingMemoryId: null);
            }
            catch (PathConflictException conflict)
            {
                return $"the path is taken now ({conflict.Message})";
            }

            var memory = new Memory(memories.NewMemoryId(), proposal.StoreId, path.Value, null, proposal.ContentSha256!,
                System.Text.Encoding.UTF8.GetByteCount(tx.GetContent(proposal.ContentSha256!)!), "", now, now);
            var created = Stamp(memories.NewVersion(author, memory, VersionOperation.Created, now, NonEmpty(proposal.Rationale)), proposal, reviewer);
            tx.InsertMemory(memory with { MemoryVersionId = created.Id });
            MemoryStoreService.AppendVersion(tx, created);
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
            var deleted = Stamp(memories.NewVersion(author, current, VersionOperation.Deleted, now, NonEmpty(proposal.Rationale)), proposal, reviewer);
            MemoryStoreService.AppendVersion(tx, deleted);
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
                MemoryStoreService.EnsurePathIsFree(tx, reviewer, rules, proposal.StoreId, MemoryPath.Parse(newPath), current.Id);
            }
            catch (PathConflictException conflict)
            {
                return $"the new path is taken now ({conflict.Message})";
            }
        }

        foreach (var duplicate in retired)
        {
            tx.DeleteMemory(proposal.StoreId, duplicate.Id);
            MemoryStoreService.AppendVersion(tx, Stamp(memories.NewVersion(author, duplicate, VersionOperation.Deleted, now, NonEmpty(proposal.Rationale)), proposal, reviewer));
        }

        var sha = proposal.ContentSha256 ?? current.ContentSha256;
        var size = proposal.ContentSha256 is null ? current.ContentSizeBytes : System.Text.Encoding.UTF8.GetByteCount(tx.GetContent(sha)!);
        var changed = current with { Path = proposal.NewPath ?? current.Path, ContentSha256 = sha, ContentSizeBytes = size };
        var version = Stamp(memories.NewVersion(author, changed, VersionOperation.Modified, now, NonEmpty(proposal.Rationale)), proposal, reviewer);
        tx.UpdateMemory(changed with { MemoryVersionId = version.Id, UpdatedAt = now });
        MemoryStoreService.AppendVersion(tx, version);
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
