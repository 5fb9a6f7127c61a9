using Engram.Access;
using Engram.Access.Policies;
using Engram.Errors;
using Engram.Review;
using Engram.Storage;

namespace Engram.Memories;

internal sealed partial class MemoryStoreService
{
    /// <summary>
    /// Makes a proposal fit the memory as it is now: unchanged when its base still holds (or, for a create, the
    /// path is still free), else merged three ways (base, current, proposed) into a modify against the current
    /// hash. A proposal whose edits overlap the changes made since, or whose base content is gone, conflicts.
    /// </summary>
    private static ProposalRebase Rebase(IStorageWriter tx, Proposal proposal, string? expectedCurrentSha256)
    {
        if (proposal.Operation is not (ProposalOperation.Create or ProposalOperation.Modify) || proposal.ContentSha256 is null)
        {
            throw new InvalidRequestException(
                "merge", $"only proposals that create a memory or change its content can be merged (proposal {proposal.Id} is a {proposal.Operation.ToString().ToLowerInvariant()})");
        }

        var current = proposal.Operation == ProposalOperation.Create
            ? tx.FindMemoryAtAnyPath(proposal.StoreId, [proposal.Path])
            : tx.GetMemory(proposal.StoreId, proposal.MemoryId!);
        if (current is null)
        {
            return proposal.Operation == ProposalOperation.Modify || expectedCurrentSha256 is not null
                ? new ProposalRebase(proposal, "the memory was deleted since the proposal was made", null)
                : new ProposalRebase(proposal, null, null);
        }

        if (expectedCurrentSha256 is not null && current.ContentSha256 != expectedCurrentSha256)
        {
            return new ProposalRebase(
                proposal, $"the memory changed again since the merge was offered (content_sha256 {current.ContentSha256[..12]}..., merge offered against {expectedCurrentSha256[..12]}...)", null);
        }

        if (proposal.Operation == ProposalOperation.Modify && current.ContentSha256 == proposal.BaseSha256)
        {
            return new ProposalRebase(proposal, null, null);
        }

        var baseText = proposal.Operation == ProposalOperation.Create ? "" : tx.GetContent(proposal.BaseSha256!);
        if (baseText is null)
        {
            return new ProposalRebase(proposal, "the content the proposal was made against is gone (redacted), so it cannot be merged", null);
        }

        // A dream's new file whose path another of its proposals took first goes into that file section by section;
        // a plain three-way merge from nothing would repeat the file's heading and sections.
        var merged = proposal.Operation == ProposalOperation.Create && proposal.Origin is not null
            ? MarkdownSections.MergeInto(tx.GetContent(current.ContentSha256)!, tx.GetContent(proposal.ContentSha256)!)
            : ThreeWayMerge.MergeContent(baseText, tx.GetContent(current.ContentSha256)!, tx.GetContent(proposal.ContentSha256)!);
        if (merged is null)
        {
            return new ProposalRebase(proposal, "the proposal and the changes made since touch the same lines, so they cannot be merged", null);
        }

        var sha = MemoryContent.Sha256(merged);
        tx.SaveContent(sha, merged);
        var rebased = proposal with
        {
            Operation = ProposalOperation.Modify, MemoryId = current.Id, BaseSha256 = current.ContentSha256, ContentSha256 = sha, Content = merged,
        };
        return new ProposalRebase(rebased, null, $"merged with the changes made since the proposal (content_sha256 {current.ContentSha256[..12]}...)");
    }

    /// <summary>The proposal to apply, or why it conflicts; <see cref="MergeNote"/> is set when it was merged.</summary>
    private sealed record ProposalRebase(Proposal Proposal, string? Conflict, string? MergeNote);

    /// <summary>
    /// Applies a dream's proposal; when its base moved because an earlier proposal of the same dream changed the file
    /// (two notes for one file), merges it three ways with that change and applies the merge. With
    /// <paramref name="overAnyChange"/> (a dream's own copy, which nobody else writes yet) it merges over any change.
    /// The conflict when neither fits; <paramref name="mergeNote"/> says when it was merged.
    /// </summary>
    internal string? ApplyOrMerge(
        IStorageWriter tx, Proposal proposal, Caller decider, PolicySet rules, DateTimeOffset now, bool overAnyChange, out string? versionId, out string? mergeNote)
    {
        mergeNote = null;
        var conflict = Apply(tx, proposal, decider, rules, now, out versionId);
        if (conflict is null || proposal.Operation is not (ProposalOperation.Create or ProposalOperation.Modify) || proposal.ContentSha256 is null)
        {
            return conflict;
        }

        var current = proposal.Operation == ProposalOperation.Create
            ? tx.FindMemoryAtAnyPath(proposal.StoreId, [proposal.Path])
            : tx.GetMemory(proposal.StoreId, proposal.MemoryId!);
        if (!overAnyChange && (current is null || proposal.DreamId is null || tx.GetVersion(proposal.StoreId, current.MemoryVersionId)?.DreamId != proposal.DreamId))
        {
            return conflict; // someone else changed it: a person decides
        }

        var rebase = Rebase(tx, proposal, expectedCurrentSha256: null);
        if (rebase.Conflict is not null || rebase.MergeNote is null)
        {
            return conflict;
        }

        mergeNote = rebase.MergeNote;
        return Apply(tx, rebase.Proposal, decider, rules, now, out versionId);
    }
}
