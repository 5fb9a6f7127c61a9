using Engram.Access;
using Engram.Access.Policies;
using Engram.Dreaming.Analysis;
using Engram.Errors;
using Engram.Identity;
using Engram.Memories;
using Engram.Review;
using Engram.Storage;

namespace Engram.Dreaming.Dreams;

internal sealed partial class DreamRunner
{
    private ProposalApplier? _applier;

    /// <summary>Review's write operation: a dream's output is applied as an accepted proposal would be.</summary>
    private ProposalApplier Applier => _applier ??= new(_memories);

    /// <summary>Candidate patterns a dream records for <c>--patterns</c>: every proposed one first, then the most widespread dropped ones; the long tail of one-session failures is not worth a row each.</summary>
    internal const int MaxRecordedPatterns = 1_000;

    /// <summary>
    /// The dream's one output write, made only if the dream is still running (a cancel that came first wins, and
    /// nothing is written): every draft filed as a pending proposal on the input store, then the output. For
    /// <c>create_new</c>, a copy of the input store (rows, not text) with every trusted draft applied; for
    /// <c>update_existing</c>, every trusted draft applied to the input with its base hash as precondition, its
    /// proposal marked applied or conflicted. Drafts flagged untrusted stay pending for a person. One write, so a
    /// resumed dream never files its proposals twice; with a <paramref name="hold"/>, made only while it holds the dream.
    /// </summary>
    private async Task<Dream> WriteAsync(
        string dreamId, DreamHold? hold, Caller creator, IReadOnlyList<DraftProposal> drafts, SynthesisResult synthesis, IReadOnlyList<DreamEffect> effects,
        DreamUsage wordingUsage, string analysis, CancellationToken cancellationToken)
    {
        var rules = await _policies.CurrentAsync(cancellationToken).ConfigureAwait(false);
        var dream = await UpdateIfRunningAsync(dreamId, hold, (_, d) => d with { Progress = d.Progress with { Stage = "writing" } }, cancellationToken).ConfigureAwait(false);
        if (dream.Status != DreamStatus.Running)
        {
            return dream;
        }

        var inputRules = (await _storage.ListPolicyRulesAsync(cancellationToken).ConfigureAwait(false)).Where(r => r.StoreId == dream.StoreId).ToList();

        var written = await _storage.WriteAsync(tx =>
        {
            Hold(tx, dreamId, hold);
            var current = tx.GetDream(dreamId) ?? throw new NotFoundException("dream", dreamId);
            return current.Status == DreamStatus.Running
                ? Write(tx, current with { Effects = effects, Usage = current.Usage.Plus(wordingUsage), Analysis = analysis, InstructionsRead = synthesis.Instructions },
                    creator, drafts, synthesis.Considered, rules, inputRules)
                : current;
        }, cancellationToken).ConfigureAwait(false);
        if (written.OutputBehavior == DreamOutputBehavior.CreateNew && written.OutputStoreId is not null)
        {
            _policies.Invalidate(); // the copy came with its default rules
        }

        return written;
    }

    private Dream Write(IStorageWriter tx, Dream dream, Caller creator, IReadOnlyList<DraftProposal> drafts, IReadOnlyList<Findings.ConsideredPattern> considered,
        PolicySet rules, IReadOnlyList<PolicyRule> inputRules)
    {
        var now = _time.UtcNowMicroseconds();
        var input = tx.GetStore(dream.StoreId);
        if (input is null)
        {
            var failed = dream with
            {
                Status = DreamStatus.Failed, EndedAt = now,
                Error = new DreamError("invalid_request_error", $"memory store {dream.StoreId} was deleted while the dream ran; nothing was written"),
            };
            tx.UpdateDream(failed);
            return failed;
        }

        var proposals = FileProposals(tx, dream, drafts, now);
        var filed = proposals.ToDictionary(p => p.Origin!.Signature, p => p.Id, StringComparer.Ordinal);
        tx.RecordDreamPatterns(dream.Id, [.. considered.Take(MaxRecordedPatterns)
            .Select(p => DreamJson.Write(filed.TryGetValue(p.Signature, out var id) ? p with { ProposalId = id } : p))]);
        string output;
        if (dream.OutputBehavior == DreamOutputBehavior.CreateNew)
        {
            output = CopyWithDrafts(tx, dream, input, inputRules, proposals, creator, rules, now);
        }
        else
        {
            output = input.Id;
            if (!input.IsArchived)
            {
                ApplyToInput(tx, proposals, creator, rules, now);
            }
        }

        var done = dream with
        {
            Status = DreamStatus.Completed,
            OutputStoreId = output,
            EndedAt = now,
            Progress = dream.Progress with { Stage = "done", Proposals = proposals.Count },
        };
        tx.UpdateDream(done);
        _audit.Record(tx, creator, "dream.complete", dream.StoreId, dream.Id, $"{proposals.Count} proposals; output {output}");
        return done;
    }

    /// <summary>Files each well-formed draft as a pending proposal on the input store, one per signature.</summary>
    private List<Proposal> FileProposals(IStorageWriter tx, Dream dream, IReadOnlyList<DraftProposal> drafts, DateTimeOffset now)
    {
        var proposals = new List<Proposal>(drafts.Count);
        var signatures = new HashSet<string>(StringComparer.Ordinal);
        foreach (var draft in drafts)
        {
            if (!IsWellFormed(draft) || !signatures.Add(draft.Origin.Signature))
            {
                continue;
            }

            string? sha = null;
            if (draft.Content is not null)
            {
                sha = MemoryContent.Sha256(draft.Content);
                tx.SaveContent(sha, draft.Content);
            }

            var proposal = new Proposal(
                _ids.NewId("prop"), dream.StoreId, draft.MemoryId, draft.Operation, draft.Path, draft.NewPath, draft.BaseSha256, sha, draft.Content,
                draft.Rationale, dream.CreatedBy, ProposalStatus.Pending, now)
            {
                ApiKeyId = dream.ApiKeyId,
                DreamId = dream.Id,
                Origin = draft.Origin,
            };
            tx.InsertProposal(proposal);
            proposals.Add(proposal);
        }

        return proposals;
    }

    /// <summary>A draft a store can take: valid paths, content within the limits, and the memory and base its operation needs.</summary>
    private static bool IsWellFormed(DraftProposal draft)
    {
        if (!MemoryPath.IsValid(draft.Path) || (draft.NewPath is not null && !MemoryPath.IsValid(draft.NewPath)) || draft.Origin is null)
        {
            return false;
        }

        if (draft.Content is not null && !MemoryContent.IsValid(draft.Content))
        {
            return false;
        }

        return draft.Operation switch
        {
            ProposalOperation.Create => draft.Content is not null,
            ProposalOperation.Delete => draft.MemoryId is not null && draft.BaseSha256 is not null,
            _ => draft.MemoryId is not null && draft.BaseSha256 is not null && (draft.Content is not null || draft.NewPath is not null),
        };
    }

    /// <summary>Applies each trusted proposal to the input store and records the outcome on it; untrusted ones wait for a person.</summary>
    private void ApplyToInput(IStorageWriter tx, List<Proposal> proposals, Caller creator, PolicySet rules, DateTimeOffset now)
    {
        for (var i = 0; i < proposals.Count; i++)
        {
            var proposal = proposals[i];
            if (proposal.Origin!.Untrusted)
            {
                continue;
            }

            var conflict = Applier.ApplyOrMerge(tx, proposal, creator, rules, now, overAnyChange: false, out var versionId, out var mergeNote);
            var decided = proposal with
            {
                Status = conflict is null ? ProposalStatus.Applied : ProposalStatus.Conflicted,
                DecidedAt = now,
                DecidedBy = creator.Actor,
                DecisionNote = conflict ?? mergeNote,
                AppliedVersionId = versionId,
            };
            tx.UpdateProposal(decided);
            proposals[i] = decided;
        }
    }
}
