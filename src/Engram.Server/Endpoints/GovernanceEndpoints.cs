using Engram.Access;
using Engram.Access.Audit;
using Engram.Access.Policies;
using Engram.Errors;
using Engram.Review;

namespace Engram.Server.Endpoints;

/// <summary>Extensions: agent sessions, groups, policy rules, proposals under review, the audit log.</summary>
internal static class GovernanceEndpoints
{
    public static void Map(IEndpointRouteBuilder app, AccessService access, ReviewService review, AuditTrail audit)
    {
        var sessions = app.MapGroup("/v1/engram/sessions").WithTags("Sessions (extension)");
        sessions.MapPost("/", async Task<Ok<SessionJson>> (HttpContext http, [FromBody] RegisterSessionBody body) =>
        {
            var stores = (body.Resources ?? []).Select(r => r.Type is null or "memory_store"
                ? new SessionAttachment(r.MemoryStoreId ?? "", GovernanceMapping.ParseAccess(r.Access)
                    ?? throw new InvalidRequestException("resources.access", $"must be read_only or read_write (got \"{r.Access}\")"), r.Instructions ?? "")
                : throw new InvalidRequestException("resources.type", $"must be memory_store (got \"{r.Type}\")")).ToList();
            var registered = await access.RegisterSessionAsync(http.Caller(), new RegisterSessionRequest(body.Agent, body.Title, body.Metadata, stores), http.RequestAborted);
            return TypedResults.Ok(registered.ToJson());
        }).WithName("RegisterSession").WithSummary("Register an agent session; its token is in this response only");

        sessions.MapGet("/", async Task<Ok<PageJson<SessionJson>>> (HttpContext http, [FromQuery] string? limit, [FromQuery] string? page) =>
        {
            var query = new QueryReader(http.Request.Query);
            var result = await access.ListSessionsAsync(http.Caller(), query.Int("limit"), query.String("page"), http.RequestAborted);
            return TypedResults.Ok(result.ToJson(s => s.ToJson()));
        }).WithName("ListRegisteredSessions").WithSummary("List sessions the caller registered (all for admins)");

        sessions.MapGet("/{session_id}", async Task<Ok<SessionJson>> (HttpContext http, [FromRoute(Name = "session_id")] string sessionId) =>
            TypedResults.Ok((await access.GetSessionAsync(http.Caller(), sessionId, http.RequestAborted)).ToJson()))
            .WithName("RetrieveRegisteredSession").WithSummary("Retrieve a registered session");

        sessions.MapPost("/{session_id}/end", async Task<Ok<SessionJson>> (HttpContext http, [FromRoute(Name = "session_id")] string sessionId) =>
            TypedResults.Ok((await access.EndSessionAsync(http.Caller(), sessionId, http.RequestAborted)).ToJson()))
            .WithName("EndSession").WithSummary("End a session: its token stops working");

        app.MapPost("/v1/engram/principals/{principal_id}/groups", async Task<NoContent> (HttpContext http, [FromRoute(Name = "principal_id")] string principalId, [FromBody] GroupsBody body) =>
        {
            await access.SetGroupsAsync(http.Caller(), principalId, body.Groups ?? [], http.RequestAborted);
            return TypedResults.NoContent();
        }).WithTags("Principals and API keys (extension)").WithName("SetGroups").WithSummary("Replace a principal's groups (admins)");

        var policies = app.MapGroup("/v1/engram/policies").WithTags("Policies (extension)");
        policies.MapGet("/", async Task<Ok<PageJson<PolicyRuleJson>>> (HttpContext http, [FromQuery(Name = "memory_store_id")] string? storeId) =>
        {
            var rules = await access.ListPoliciesAsync(http.Caller(), new QueryReader(http.Request.Query).String("memory_store_id"), http.RequestAborted);
            return TypedResults.Ok(new PageJson<PolicyRuleJson>(rules.Select(r => r.ToJson()).ToList(), null));
        }).WithName("ListPolicies").WithSummary("List the rules the caller administers");

        policies.MapPost("/", async Task<Ok<PolicyRuleJson>> (HttpContext http, [FromBody] AddPolicyBody body) =>
            TypedResults.Ok((await access.AddPolicyAsync(http.Caller(), new AddPolicyRequest(body.MemoryStoreId, body.Subject, body.Path, body.Capabilities, body.Effect ?? "allow", body.Description), http.RequestAborted)).ToJson()))
            .WithName("AddPolicy").WithSummary("Add a rule (to a store: its admins; to every store: admins)");

        policies.MapDelete("/{policy_id}", async Task<Ok<PolicyRuleJson>> (HttpContext http, [FromRoute(Name = "policy_id")] string policyId) =>
            TypedResults.Ok((await access.RemovePolicyAsync(http.Caller(), policyId, http.RequestAborted)).ToJson()))
            .WithName("RemovePolicy").WithSummary("Remove a rule");

        policies.MapPost("/test", async Task<Ok<PolicyTestJson>> (HttpContext http, [FromBody] PolicyTestBody body) =>
            TypedResults.Ok((await access.TestPolicyAsync(http.Caller(), new PolicyTestRequest(body.SubjectId, body.MemoryStoreId, body.Path, body.Capability), http.RequestAborted)).ToJson()))
            .WithName("TestPolicy").WithSummary("May a principal or session do this here? Names the deciding rule");

        var proposals = app.MapGroup("/v1/memory_stores/{store_id}/proposals").WithTags("Proposals (extension)");
        proposals.MapGet("/", async Task<Ok<PageJson<ProposalJson>>> (HttpContext http, [FromRoute(Name = "store_id")] string storeId, [FromQuery] string? status, [FromQuery(Name = "dream_id")] string? dreamId, [FromQuery] string? limit, [FromQuery] string? page) =>
        {
            var query = new QueryReader(http.Request.Query);
            var wanted = ProposalStatusNames.ParseFilter(query.String("status"), "status", whenAbsent: null);
            var result = await review.ListAsync(http.Caller(), storeId, new ProposalListQuery(wanted, query.Int("limit"), query.String("page"), query.String("dream_id")), http.RequestAborted);
            return TypedResults.Ok(result.ToJson(p => p.ToJson()));
        }).WithName("ListProposals").WithSummary("List a store's proposals, newest first");

        proposals.MapGet("/{proposal_id}", async Task<Ok<ProposalJson>> (HttpContext http, [FromRoute(Name = "store_id")] string storeId, [FromRoute(Name = "proposal_id")] string proposalId) =>
            TypedResults.Ok((await review.GetAsync(http.Caller(), storeId, proposalId, http.RequestAborted)).ToJson()))
            .WithName("RetrieveProposal").WithSummary("A proposal with its diff against the current content");

        proposals.MapPost("/{proposal_id}/accept", async Task<Ok<ProposalJson>> (HttpContext http, [FromRoute(Name = "store_id")] string storeId, [FromRoute(Name = "proposal_id")] string proposalId, [FromBody] AcceptBody? body) =>
            TypedResults.Ok((await review.AcceptAsync(http.Caller(), storeId, proposalId, new AcceptProposalRequest(body?.Note, body?.Merge ?? false, body?.ExpectedContentSha256, body?.Content), http.RequestAborted)).ToJson()))
            .WithName("AcceptProposal").WithSummary("Accept and apply a proposal (status applied, or conflicted if the memory moved on); merge: true merges it with the changes made since; content: the reviewer's edit, applied in place of the proposed content");

        proposals.MapPost("/{proposal_id}/reject", async Task<Ok<ProposalJson>> (HttpContext http, [FromRoute(Name = "store_id")] string storeId, [FromRoute(Name = "proposal_id")] string proposalId, [FromBody] DecisionBody? body) =>
            TypedResults.Ok((await review.RejectAsync(http.Caller(), storeId, proposalId, body?.Note, http.RequestAborted)).ToJson()))
            .WithName("RejectProposal").WithSummary("Reject a proposal");

        app.MapPost("/v1/engram/dreams/{dream_id}/revert", async Task<Ok<DreamRevertJson>> (HttpContext http, [FromRoute(Name = "dream_id")] string dreamId) =>
            TypedResults.Ok((await review.RevertDreamAsync(http.Caller(), dreamId, http.RequestAborted)).ToJson()))
            .WithTags("Dreams (extension)").WithName("RevertDream").WithSummary("Revert every change a dream's accepted proposals made, newest first; memories edited since are skipped");

        app.MapGet("/v1/engram/audit", async Task<Ok<PageJson<AuditEventJson>>> (
            HttpContext http, [FromQuery(Name = "memory_store_id")] string? storeId, [FromQuery(Name = "actor_id")] string? actorId, [FromQuery] string? action,
            [FromQuery] string? outcome, [FromQuery] string? since, [FromQuery] string? limit, [FromQuery] string? page) =>
        {
            var query = new QueryReader(http.Request.Query);
            var wanted = query.String("outcome") switch
            {
                null => (AuditOutcome?)null,
                "ok" => AuditOutcome.Ok,
                "denied" => AuditOutcome.Denied,
                var other => throw new InvalidRequestException("outcome", $"must be ok or denied (got \"{other}\")"),
            };
            var result = await audit.ListAsync(http.Caller(), new AuditQuery(
                query.String("memory_store_id"), query.String("actor_id"), query.String("action"), wanted, query.Time("since"), query.Int("limit"), query.String("page")), http.RequestAborted);
            return TypedResults.Ok(result.ToJson(e => e.ToJson()));
        }).WithTags("Audit (extension)").WithName("ListAuditEvents").WithSummary("The audit log, newest first (admins see all; others their own)");
    }
}
