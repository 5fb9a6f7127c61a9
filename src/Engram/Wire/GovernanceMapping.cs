using Engram.Access;
using Engram.Access.Audit;
using Engram.Access.Policies;
using Engram.Review;

namespace Engram.Wire;

/// <summary>Sessions, policies, proposals and audit events to and from their wire shapes.</summary>
internal static class GovernanceMapping
{
    public static SessionJson ToJson(this AgentSession session, string? token = null, Engram.Sessions.SessionTranscript? transcript = null) => new(
        session.Id, session.Agent, session.Title, session.Metadata,
        session.Stores.Select(s => new SessionResourceJson(s.StoreId, Access(s.Access), s.Instructions)).ToList(),
        session.CreatedBy?.ToJson(), session.CreatedAt, session.EndedAt, token, transcript?.ToJson());

    public static SessionJson ToJson(this RegisteredSession registered) => registered.Session.ToJson(registered.Token);

    public static AgentSession ToModel(this SessionJson json) => new(
        json.Id, json.Agent, json.Title, json.Metadata,
        json.Resources.Select(r => new SessionAttachment(r.MemoryStoreId, ParseAccess(r.Access) ?? AttachmentAccess.ReadWrite, r.Instructions)).ToList(),
        json.CreatedBy?.ToModel(), json.CreatedAt, json.EndedAt);

    public static PolicyRuleJson ToJson(this PolicyRule rule) => new(
        rule.Id, rule.StoreId, rule.Subject.Value, rule.Path.Pattern, Capabilities.Format(rule.Capabilities),
        rule.Effect == PolicyEffect.Allow ? "allow" : "deny", rule.Description, rule.CreatedAt);

    public static PolicyRule ToModel(this PolicyRuleJson json) => PolicyRules.Restore(
        json.Id, json.MemoryStoreId, json.Subject, json.Path, (int)(Capabilities.Parse(json.Capabilities) ?? Capability.None),
        json.Effect == "deny" ? (int)PolicyEffect.Deny : (int)PolicyEffect.Allow, json.Description, json.CreatedAt);

    public static PolicyTestJson ToJson(this PolicyTestResult result) => new(result.Allowed, result.Capabilities, result.DecidingRule?.ToJson(), result.Reason);

    public static PolicyTestResult ToModel(this PolicyTestJson json) => new(json.Allowed, json.Capabilities, json.Rule?.ToModel(), json.Reason);

    public static ProposalJson ToJson(this Proposal proposal, ProposalReview? review = null) => new(
        proposal.Id, proposal.StoreId, proposal.MemoryId, proposal.Operation.ToString().ToLowerInvariant(), proposal.Path, proposal.NewPath,
        proposal.BaseSha256, proposal.ContentSha256, proposal.Content, proposal.Rationale, proposal.Author.ToJson(), proposal.ApiKeyId,
        proposal.Status.ToString().ToLowerInvariant(), proposal.CreatedAt, proposal.DecidedAt, proposal.DecidedBy?.ToJson(), proposal.DecisionNote,
        proposal.AppliedVersionId, review?.Diff, review?.CurrentSha256, review?.BaseIsStale, proposal.DreamId, proposal.Origin?.ToJson(), review?.Merge?.ToJson());

    public static ProposalJson ToJson(this ProposalReview review) => review.Proposal.ToJson(review);

    public static Proposal ToModel(this ProposalJson json) => new(
        json.Id, json.MemoryStoreId, json.MemoryId, Enum.Parse<ProposalOperation>(json.Operation, ignoreCase: true), json.Path, json.NewPath,
        json.BaseContentSha256, json.ContentSha256, json.Content, json.Rationale, json.Author.ToModel()!,
        Enum.Parse<ProposalStatus>(json.Status, ignoreCase: true), json.CreatedAt)
    {
        ApiKeyId = json.ApiKeyId,
        DecidedAt = json.DecidedAt,
        DecidedBy = json.DecidedBy?.ToModel(),
        DecisionNote = json.DecisionNote,
        AppliedVersionId = json.AppliedVersionId,
        DreamId = json.DreamId,
        Origin = json.Origin?.ToModel(),
    };

    public static ProposalReview ToReview(this ProposalJson json) => new(json.ToModel(), json.Diff ?? "", json.CurrentContentSha256, json.BaseIsStale ?? false)
    {
        Merge = json.Merge is { } merge ? new ProposalMerge(merge.Content, merge.ContentSha256, merge.Diff, merge.CurrentContentSha256) : null,
    };

    public static ProposalOriginJson ToJson(this DreamOrigin origin) => new(
        origin.Kind, origin.Signature, origin.Title,
        new ProposalStatisticsJson(origin.Statistics.Sessions, origin.Statistics.SessionsRead, origin.Statistics.Agents, origin.Statistics.FirstSeen, origin.Statistics.LastSeen, origin.Statistics.CounterExamples)
        {
            SeenFrom = origin.Statistics.SeenFrom,
            Occurrences = origin.Statistics.Occurrences,
        },
        origin.Evidence.Select(e => new ProposalEvidenceJson(e.SessionId, e.EventIndex, e.Quote)).ToList(),
        origin.Untrusted,
        origin.Retires.Select(r => new RetiredMemoryJson(r.MemoryId, r.Path, r.BaseSha256)).ToList());

    public static DreamOrigin ToModel(this ProposalOriginJson json) => new(
        json.Kind, json.Signature, json.Title,
        new ProposalStatistics(json.Statistics.Sessions, json.Statistics.SessionsRead, json.Statistics.Agents, json.Statistics.FirstSeen, json.Statistics.LastSeen, json.Statistics.CounterExamples)
        {
            SeenFrom = json.Statistics.SeenFrom ?? Dreaming.Findings.SeenTimes.Events,
            Occurrences = json.Statistics.Occurrences ?? 0,
        },
        json.Evidence.Select(e => new Engram.Dreaming.Findings.PatternEvidence(e.SessionId, e.EventIndex, e.Quote)).ToList(),
        json.Untrusted,
        json.Retires.Select(r => new RetiredMemory(r.MemoryId, r.Path, r.BaseSha256)).ToList());

    public static ProposalMergeJson ToJson(this ProposalMerge merge) => new(merge.Content, merge.ContentSha256, merge.Diff, merge.CurrentSha256);

    public static DreamRevertJson ToJson(this DreamRevert revert) => new(
        revert.DreamId,
        revert.Reverted.Select(r => new RevertedVersionJson(r.VersionId, r.StoreId, r.MemoryId, r.Path, r.RevertVersionId)).ToList(),
        revert.Skipped.Select(s => new SkippedVersionJson(s.VersionId, s.StoreId, s.MemoryId, s.Path, s.Reason)).ToList());

    public static DreamRevert ToModel(this DreamRevertJson json) => new(
        json.DreamId,
        json.Reverted.Select(r => new RevertedVersion(r.MemoryVersionId, r.MemoryStoreId, r.MemoryId, r.Path, r.RevertVersionId)).ToList(),
        json.Skipped.Select(s => new SkippedVersion(s.MemoryVersionId, s.MemoryStoreId, s.MemoryId, s.Path, s.Reason)).ToList());

    public static AuditEventJson ToJson(this AuditEvent audit) => new(
        audit.Id, audit.At, audit.Actor?.ToJson(), audit.ApiKeyId, audit.Action, audit.Outcome == AuditOutcome.Ok ? "ok" : "denied",
        audit.StoreId, audit.Target, audit.Detail);

    public static AuditEvent ToModel(this AuditEventJson json) => new(
        json.Id, json.At, json.Actor?.ToModel(), json.ApiKeyId, json.Action, json.Outcome == "denied" ? AuditOutcome.Denied : AuditOutcome.Ok,
        json.MemoryStoreId, json.Target, json.Detail);

    public static Actor? ToModel(this ActorJson json) => Actor.FromWire(json.Type, json.ApiKeyId ?? json.UserId ?? json.ServiceAccountId ?? json.SessionId ?? "");

    public static string Access(AttachmentAccess access) => access == AttachmentAccess.ReadOnly ? "read_only" : "read_write";

    public static AttachmentAccess? ParseAccess(string? access) => access switch
    {
        null or "read_write" => AttachmentAccess.ReadWrite,
        "read_only" => AttachmentAccess.ReadOnly,
        _ => null,
    };
}
