using Engram.Access;
using Engram.Access.Policies;
using Engram.Errors;
using Engram.Memories;
using Engram.Storage;

namespace Engram.Review;

/// <summary>
/// Proposals under review: list, show with a diff against the current content (and a three-way merge when the
/// base moved and the edits do not overlap), accept (applied with the base hash as precondition, or merged) and
/// reject; and reverting everything a dream wrote. Each decision is recorded with its reviewer and audited.
/// </summary>
internal sealed partial class ReviewService(IProposalStorage storage, IMemoryStorage memoryStorage, IDreamStorage dreamStorage, MemoryStoreService memories, PolicyStore policies)
{
    /// <summary>Review's writes (accept, reject, dream revert), through the memory store's in-transaction operations.</summary>
    private readonly ProposalApplier _applier = new(memories);

    /// <summary>The proposals of a store the caller may read, newest first.</summary>
    public async Task<Page<Proposal>> ListAsync(Caller caller, string storeId, ProposalListQuery query, CancellationToken cancellationToken)
    {
        var limit = ListLimits.Resolve(query.Limit);
        var dreamId = query.DreamId is { } dream && !Identity.IdPrefix.Matches(dream, Identity.IdPrefix.Dream)
            ? throw new InvalidRequestException("dream_id", $"must be an id that starts with '{Identity.IdPrefix.Dream}_' (got \"{dream}\")")
            : query.DreamId;
        var rules = await VisibleAsync(caller, storeId, cancellationToken).ConfigureAwait(false);
        var kept = new List<Proposal>(limit + 1);
        var after = PageToken.ParseTimeId(query.Page);
        while (kept.Count <= limit)
        {
            var rows = await storage.ListProposalsAsync(storeId, query.Status, dreamId, after, limit + 1, cancellationToken).ConfigureAwait(false);
            foreach (var row in rows)
            {
                after = new TimeIdCursor(row.CreatedAt, row.Id);
                if (Readable(rules, caller, row))
                {
                    kept.Add(row);
                    if (kept.Count > limit)
                    {
                        break;
                    }
                }
            }

            if (rows.Count <= limit)
            {
                break;
            }
        }

        return kept.Count > limit
            ? new Page<Proposal>(kept.Take(limit).ToList(), PageToken.For(new TimeIdCursor(kept[limit - 1].CreatedAt, kept[limit - 1].Id)))
            : new Page<Proposal>(kept, null);
    }

    /// <summary>
    /// The proposal with its content and a unified diff from the memory as it is now. When the memory moved since
    /// the proposal (or, for a create, someone created the path meanwhile) and the edits do not overlap, the review
    /// also offers the three-way merge: its content, its diff against the current content, and the hash it is based on.
    /// </summary>
    public async Task<ProposalReview> GetAsync(Caller caller, string storeId, string proposalId, CancellationToken cancellationToken)
    {
        var rules = await VisibleAsync(caller, storeId, cancellationToken).ConfigureAwait(false);
        var proposal = await storage.GetProposalAsync(storeId, proposalId, withContent: true, cancellationToken).ConfigureAwait(false);
        if (proposal is null || !Readable(rules, caller, proposal))
        {
            throw new NotFoundException("proposal", proposalId);
        }

        var current = proposal.MemoryId is not null
            ? await memoryStorage.GetMemoryAsync(storeId, proposal.MemoryId, withContent: true, cancellationToken).ConfigureAwait(false)
            : proposal.Operation == ProposalOperation.Create && proposal.Status is ProposalStatus.Pending or ProposalStatus.Conflicted
                ? await memoryStorage.GetMemoryByPathAsync(storeId, proposal.Path, withContent: true, cancellationToken).ConfigureAwait(false)
                : null;
        var before = current?.Content ?? "";
        var after = proposal.Operation == ProposalOperation.Delete ? "" : proposal.Content ?? before;
        var diff = UnifiedDiff.Create(before, after, current is null ? "/dev/null" : $"a{current.Path} (current)", proposal.Operation == ProposalOperation.Delete ? "/dev/null" : $"b{proposal.NewPath ?? proposal.Path} ({proposal.Id})");
        var stale = current is not null && current.ContentSha256 != proposal.BaseSha256;
        if (proposal.Operation == ProposalOperation.Merge)
        {
            var (retiredDiffs, retiredStale) = await RetiredAsync(proposal, cancellationToken).ConfigureAwait(false);
            diff += retiredDiffs;
            stale |= retiredStale;
        }

        return new ProposalReview(proposal, diff, current?.ContentSha256, stale)
        {
            Merge = stale && current is not null ? await OfferMergeAsync(proposal, current, cancellationToken).ConfigureAwait(false) : null,
        };
    }

    /// <summary>Accepts and applies a proposal; the result is <see cref="ProposalStatus.Applied"/> or <see cref="ProposalStatus.Conflicted"/>.</summary>
    public Task<Proposal> AcceptAsync(Caller caller, string storeId, string proposalId, string? note, CancellationToken cancellationToken) =>
        AcceptAsync(caller, storeId, proposalId, new AcceptProposalRequest(note), cancellationToken);

    /// <summary>
    /// Accepts and applies a proposal; with <see cref="AcceptProposalRequest.Merge"/>, a pending or conflicted
    /// proposal whose base moved is merged three ways with the current content and applied against the current
    /// hash. The result is <see cref="ProposalStatus.Applied"/> or <see cref="ProposalStatus.Conflicted"/>.
    /// </summary>
    public async Task<Proposal> AcceptAsync(Caller caller, string storeId, string proposalId, AcceptProposalRequest request, CancellationToken cancellationToken)
    {
        var note = ValidateNote(request.Note);
        var expected = request.ExpectedContentSha256 is null ? null : MemoryContent.ValidateSha256(request.ExpectedContentSha256, "expected_content_sha256");
        if (expected is not null && !request.Merge)
        {
            throw new InvalidRequestException("expected_content_sha256", "is only for a merge (merge: true): the current content hash the offered merge was based on");
        }

        if (request.EditedContent is { } edited)
        {
            MemoryContent.Validate(edited, "content");
        }

        var rules = await policies.CurrentAsync(cancellationToken).ConfigureAwait(false);
        return await _applier.ApplyProposalAsync(caller, rules, storeId, proposalId, note, request.Merge, expected, request.EditedContent, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Rejects a pending proposal; nothing is written to the memory.</summary>
    public async Task<Proposal> RejectAsync(Caller caller, string storeId, string proposalId, string? note, CancellationToken cancellationToken)
    {
        var rules = await policies.CurrentAsync(cancellationToken).ConfigureAwait(false);
        return await _applier.RejectProposalAsync(caller, rules, storeId, proposalId, ValidateNote(note), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The merge of a proposal whose base moved with the content now, when the edits do not overlap.</summary>
    private async Task<ProposalMerge?> OfferMergeAsync(Proposal proposal, Memory current, CancellationToken cancellationToken)
    {
        if (proposal.Operation is not (ProposalOperation.Create or ProposalOperation.Modify) || proposal.Content is null
            || proposal.Status is not (ProposalStatus.Pending or ProposalStatus.Conflicted))
        {
            return null;
        }

        var baseText = proposal.Operation == ProposalOperation.Create
            ? ""
            : await memoryStorage.GetContentAsync(proposal.BaseSha256!, cancellationToken).ConfigureAwait(false);
        // A dream's new file whose path was taken since goes in section by section, as accepting it does.
        var merged = baseText is null ? null
            : proposal.Operation == ProposalOperation.Create && proposal.Origin is not null ? Memories.MarkdownSections.MergeInto(current.Content!, proposal.Content)
            : ThreeWayMerge.MergeContent(baseText, current.Content!, proposal.Content);
        if (merged is null)
        {
            return null;
        }

        var diff = UnifiedDiff.Create(current.Content!, merged, $"a{current.Path} (current)", $"b{proposal.NewPath ?? current.Path} (merged with {proposal.Id})");
        return new ProposalMerge(merged, MemoryContent.Sha256(merged), diff, current.ContentSha256);
    }

    /// <summary>A deletion diff for each memory a merge retires, and whether any of them is gone or changed since.</summary>
    private async Task<(string Diffs, bool Stale)> RetiredAsync(Proposal proposal, CancellationToken cancellationToken)
    {
        var diffs = new System.Text.StringBuilder();
        var stale = false;
        foreach (var retired in proposal.Origin?.Retires ?? [])
        {
            var memory = await memoryStorage.GetMemoryAsync(proposal.StoreId, retired.MemoryId, withContent: true, cancellationToken).ConfigureAwait(false);
            stale |= memory is null || memory.ContentSha256 != retired.BaseSha256 || memory.Path != retired.Path;
            diffs.Append(UnifiedDiff.Create(memory?.Content ?? "", "", $"a{retired.Path} (retired)", "/dev/null"));
        }

        return (diffs.ToString(), stale);
    }

    /// <summary>A proposal is readable with read on its path and, for a merge, on every memory it retires.</summary>
    private static bool Readable(PolicySet rules, Caller caller, Proposal proposal) =>
        (rules.Evaluate(caller, proposal.StoreId, proposal.Path) & Capability.Read) != 0
        && (proposal.Operation != ProposalOperation.Merge
            || (proposal.Origin?.Retires ?? []).All(r => (rules.Evaluate(caller, proposal.StoreId, r.Path) & Capability.Read) != 0));

    private async Task<PolicySet> VisibleAsync(Caller caller, string storeId, CancellationToken cancellationToken)
    {
        var rules = await policies.CurrentAsync(cancellationToken).ConfigureAwait(false);
        return await memoryStorage.GetStoreAsync(storeId, cancellationToken).ConfigureAwait(false) is not null && rules.GrantsAnything(caller, storeId)
            ? rules
            : throw new NotFoundException("memory_store", storeId);
    }

    private static string? ValidateNote(string? note) => note is null ? null : UnicodeTextRules.Bounded(note, "note", MemoryStoreService.MaxReasonCharacters);
}
