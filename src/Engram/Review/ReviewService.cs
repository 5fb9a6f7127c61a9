using Engram.Access;
using Engram.Access.Policies;
using Engram.Errors;
using Engram.Memories;
using Engram.Storage;

namespace Engram.Review;

/// <summary>
/// Proposals under review: list, show with a diff against the current content, accept (applied with the
/// base hash as precondition) and reject. Each decision is recorded with its reviewer and audited.
/// </summary>
public sealed class ReviewService(IMemoryStorage storage, MemoryStoreService memories, PolicyStore policies)
{
    /// <summary>The proposals of a store the caller may read, newest first.</summary>
    public async Task<Page<Proposal>> ListAsync(Caller caller, string storeId, ProposalListQuery query, CancellationToken cancellationToken)
    {
        var limit = ListLimits.Resolve(query.Limit);
        var rules = await VisibleAsync(caller, storeId, cancellationToken).ConfigureAwait(false);
        var kept = new List<Proposal>(limit + 1);
        var after = PageToken.ParseTimeId(query.Page);
        while (kept.Count <= limit)
        {
            var rows = await storage.ListProposalsAsync(storeId, query.Status, after, limit + 1, cancellationToken).ConfigureAwait(false);
            foreach (var row in rows)
            {
                after = new TimeIdCursor(row.CreatedAt, row.Id);
                if ((rules.Evaluate(caller, storeId, row.Path) & Capability.Read) != 0)
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

    /// <summary>The proposal with its content and a unified diff from the memory as it is now.</summary>
    public async Task<ProposalReview> GetAsync(Caller caller, string storeId, string proposalId, CancellationToken cancellationToken)
    {
        var rules = await VisibleAsync(caller, storeId, cancellationToken).ConfigureAwait(false);
        var proposal = await storage.GetProposalAsync(storeId, proposalId, withContent: true, cancellationToken).ConfigureAwait(false);
        if (proposal is null || (rules.Evaluate(caller, storeId, proposal.Path) & Capability.Read) == 0)
        {
            throw new NotFoundException("proposal", proposalId);
        }

        var current = proposal.MemoryId is null ? null : await storage.GetMemoryAsync(storeId, proposal.MemoryId, withContent: true, cancellationToken).ConfigureAwait(false);
        var before = current?.Content ?? "";
        var after = proposal.Operation == ProposalOperation.Delete ? "" : proposal.Content ?? before;
        var diff = UnifiedDiff.Create(before, after, current is null ? "/dev/null" : $"a{current.Path} (current)", proposal.Operation == ProposalOperation.Delete ? "/dev/null" : $"b{proposal.NewPath ?? proposal.Path} ({proposal.Id})");
        var stale = current is not null && proposal.BaseSha256 is not null && current.ContentSha256 != proposal.BaseSha256;
        return new ProposalReview(proposal, diff, current?.ContentSha256, stale);
    }

    /// <summary>Accepts and applies a proposal; the result is <see cref="ProposalStatus.Applied"/> or <see cref="ProposalStatus.Conflicted"/>.</summary>
    public async Task<Proposal> AcceptAsync(Caller caller, string storeId, string proposalId, string? note, CancellationToken cancellationToken)
    {
        var rules = await policies.CurrentAsync(cancellationToken).ConfigureAwait(false);
        return await memories.ApplyProposalAsync(caller, rules, storeId, proposalId, ValidateNote(note), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Rejects a pending proposal; nothing is written to the memory.</summary>
    public async Task<Proposal> RejectAsync(Caller caller, string storeId, string proposalId, string? note, CancellationToken cancellationToken)
    {
        var rules = await policies.CurrentAsync(cancellationToken).ConfigureAwait(false);
        return await memories.RejectProposalAsync(caller, rules, storeId, proposalId, ValidateNote(note), cancellationToken).ConfigureAwait(false);
    }

    private async Task<PolicySet> VisibleAsync(Caller caller, string storeId, CancellationToken cancellationToken)
    {
        var rules = await policies.CurrentAsync(cancellationToken).ConfigureAwait(false);
        return await storage.GetStoreAsync(storeId, cancellationToken).ConfigureAwait(false) is not null && rules.GrantsAnything(caller, storeId)
            ? rules
            : throw new NotFoundException("memory_store", storeId);
    }

    private static string? ValidateNote(string? note) => note is null ? null : UnicodeTextRules.Bounded(note, "note", MemoryStoreService.MaxReasonCharacters);
}

/// <summary>List proposals, newest first, optionally of one status.</summary>
public sealed record ProposalListQuery(ProposalStatus? Status = null, int? Limit = null, string? Page = null);

/// <summary>A proposal as a reviewer sees it: its diff against the memory now, and whether its base is stale.</summary>
public sealed record ProposalReview(Proposal Proposal, string Diff, string? CurrentSha256, bool BaseIsStale);
