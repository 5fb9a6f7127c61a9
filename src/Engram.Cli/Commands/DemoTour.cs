using Engram.Access;
using Engram.Access.Policies;
using Engram.Client;
using Engram.Errors;
using Engram.Memories;
using Engram.Search;
using Engram.Sqlite;

namespace Engram.Cli.Commands;

/// <summary>
/// The tour <c>engram demo</c> gives: a small team's store written by a person and two agent sessions, with
/// the guardrails shown as they happen. Every step goes through the same library calls as the API.
/// </summary>
internal sealed partial class DemoTour(EngramEngine engine, DataDirectory data, TextWriter output)
{
    private const string Runbook = "/teams/payments/runbook.md";
    private const string Conventions = "/org/conventions.md";

    private readonly LocalEngramClient _alice = new(engine, data.LocalCaller);

    public async Task RunAsync(CancellationToken ct)
    {
        output.WriteLine($"Engram demo: versioned, permissioned memory for an agent fleet (data directory: {data.Root})");
        var key = await engine.BootstrapAsync(data.Manifest.LocalUserId, data.Manifest.LocalUserName, ct);

        Step(1, "A store for the payments team, and two agent sessions");
        var store = await _alice.CreateStoreAsync(new CreateStoreRequest(
            "acme-payments",
            "What the payments team and its agents know: conventions, runbooks, and each agent's notes.",
            new Dictionary<string, string> { ["team"] = "payments" }), ct);
        Say($"alice created store {store.Name} ({store.Id}); new stores get a default policy:");
        Say("  people administer it; agents read everything, write /agents/{agent}/** and /scratch/{session}/**, propose elsewhere");
        var rule = await _alice.AddPolicyAsync(new AddPolicyRequest(store.Id, "agent:*", "/teams/payments/**", ["create", "update"], "allow", "the team's agents keep the team's notes"), ct);
        Say($"alice lets the team's agents write team notes: {rule.Id} allow agent:* create,update on /teams/payments/**");
        var deployer = await SessionAsync(store.Id, "deployer", ct);
        var reviewer = await SessionAsync(store.Id, "reviewer", ct);
        Say($"sessions registered: deployer ({deployer.Caller.Actor.Id}), reviewer ({reviewer.Caller.Actor.Id}), each with a token");

        Step(2, "Three writers, three memories");
        await _alice.CreateMemoryAsync(store.Id, new CreateMemoryRequest(Conventions, DemoText.Conventions, "team conventions"), ct);
        Say($"alice (user {data.Manifest.LocalUserId}) wrote {Conventions}");
        var runbook = (await deployer.CreateMemoryAsync(store.Id, new CreateMemoryRequest(Runbook, DemoText.RunbookV1, "first runbook"), ct)).Value;
        Say($"the deployer agent wrote {Runbook}");
        var notes = (await reviewer.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/agents/reviewer/notes.md", DemoText.ReviewerNotes), ct)).Value;
        Say("the reviewer agent wrote its own /agents/reviewer/notes.md");

        Step(3, "Two agents edit the runbook at the same time");
        var seen = runbook.ContentSha256;
        Say($"both agents read {Runbook} at sha256 {seen[..12]}");
        var first = (await deployer.UpdateMemoryAsync(store.Id, runbook.Id, new UpdateMemoryRequest(DemoText.RunbookV2, ExpectedContentSha256: seen, Reason: "add the rollback step"), ct)).Value;
        Say($"deployer writes with precondition {seen[..12]}: accepted as {first.MemoryVersionId}");
        try
        {
            await reviewer.UpdateMemoryAsync(store.Id, runbook.Id, new UpdateMemoryRequest(DemoText.RunbookReviewerEdit(DemoText.RunbookV1), ExpectedContentSha256: seen, Reason: "fix the dashboard link"), ct);
            throw new InvalidOperationException("the stale write was accepted; the demo expected it to be refused");
        }
        catch (PreconditionFailedException refused)
        {
            Say($"reviewer writes with the same, now stale, precondition: refused ({refused.Code})");
        }

        var fresh = await reviewer.GetMemoryAsync(store.Id, runbook.Id, MemoryView.Full, ct);
        var merged = (await reviewer.UpdateMemoryAsync(
            store.Id, runbook.Id, new UpdateMemoryRequest(DemoText.RunbookReviewerEdit(fresh.Content!), ExpectedContentSha256: fresh.ContentSha256, Reason: "fix the dashboard link"), ct)).Value;
        Say($"reviewer re-reads (sha256 {fresh.ContentSha256[..12]}), reapplies its edit: accepted as {merged.MemoryVersionId}");
        Say("both edits are in the runbook; no update was lost");

        Step(4, "A rename keeps the memory's id");
        var renamed = (await reviewer.UpdateMemoryAsync(store.Id, notes.Id, new UpdateMemoryRequest(Path: "/agents/reviewer/review-notes.md", Reason: "clearer name"), ct)).Value;
        Say($"/agents/reviewer/notes.md -> {renamed.Path}, still {renamed.Id}");

        Step(5, "An agent may not change org knowledge: its write becomes a proposal");
        var conventions = await deployer.GetMemoryByPathAsync(store.Id, Conventions, MemoryView.Full, ct);
        var edit = await deployer.UpdateMemoryAsync(store.Id, conventions.Id, new UpdateMemoryRequest(
            conventions.Content + "- Deploys wait for the error-rate dashboard to be green for 10 minutes.\n",
            ExpectedContentSha256: conventions.ContentSha256, Reason: "deploys went wrong twice this week"), ct);
        var filed = edit.Proposal ?? throw new InvalidOperationException("the agent wrote org memory; the demo expected a proposal");
        Say($"the deployer's edit of {Conventions} was not written; proposal {filed.Id} was filed for review");
        var review = await _alice.GetProposalAsync(store.Id, filed.Id, ct);
        foreach (var line in review.Diff.TrimEnd('\n').Split('\n').Where(l => l.StartsWith('+') || l.StartsWith('-')))
        {
            Say($"  {line}");
        }

        var accepted = await _alice.AcceptProposalAsync(store.Id, filed.Id, "agreed", ct);
        var applied = await _alice.GetVersionAsync(store.Id, accepted.AppliedVersionId!, MemoryView.Basic, ct);
        Say($"alice accepted it: {accepted.Status.ToString().ToLowerInvariant()} as {applied.Id}, written by {Format.Actor(applied.CreatedBy)}, reviewed by {Format.Actor(applied.ReviewedBy)}, proposal {applied.ProposalId}");

        Step(6, "A bad write, and the revert");
        var broken = (await deployer.UpdateMemoryAsync(store.Id, runbook.Id, new UpdateMemoryRequest("# Runbook\n\nTODO\n", Reason: "regenerated"), ct)).Value;
        Say($"the deployer agent overwrote the runbook with a stub ({broken.MemoryVersionId})");
        var restored = (await _alice.RevertMemoryAsync(store.Id, runbook.Id, new RevertMemoryRequest(merged.MemoryVersionId, broken.ContentSha256, "restore the reviewed runbook"), ct)).Value;
        Say($"alice reverts to {merged.MemoryVersionId}: new version {restored.MemoryVersionId}; the stub stays in history");

        Step(7, $"History of {Runbook}, newest first");
        var history = await _alice.ListVersionsAsync(store.Id, new VersionListQuery(MemoryId: runbook.Id), ct);
        foreach (var version in history.Data)
        {
            Say($"{version.Id}  {Format.Operation(version.Operation),-8}  {Format.Actor(version.CreatedBy),-40}  {version.Reason}");
        }

        Step(8, "What the reviewer changed");
        var diff = await VersionDiff.CreateAsync(_alice, store.Id, first.MemoryVersionId, merged.MemoryVersionId, ct);
        foreach (var line in diff.Diff.TrimEnd('\n').Split('\n'))
        {
            Say(line);
        }

        Step(9, "A leaked secret, redacted");
        var scratchPath = $"/scratch/{deployer.Caller.Actor.Id}/deploy.md";
        var scratch = (await deployer.CreateMemoryAsync(store.Id, new CreateMemoryRequest(scratchPath, "deploy token: sk-live-0000demo0000\n"), ct)).Value;
        var cleaned = (await _alice.UpdateMemoryAsync(store.Id, scratch.Id, new UpdateMemoryRequest("deploy token: (stored in the vault)\n", ExpectedContentSha256: scratch.ContentSha256, Reason: "remove a leaked token"), ct)).Value;
        var redacted = await _alice.RedactVersionAsync(store.Id, scratch.MemoryVersionId, ct);
        Say($"the deployer pasted a token into its scratchpad ({scratch.MemoryVersionId}); alice replaced it ({cleaned.MemoryVersionId})");
        Say($"and redacted {redacted.Id}: content={Show(redacted.Content)}, sha256={Show(redacted.ContentSha256)}, path={Show(redacted.Path)}; the record stays (written by {Format.Actor(redacted.CreatedBy)}, redacted by {Format.Actor(redacted.RedactedBy)})");

        Step(10, "Finding it again: search, and the memory section a new session starts with");
        var found = await deployer.SearchAsync(store.Id, new SearchRequest("rollback error rate", Limit: 3), ct);
        foreach (var hit in found.Results)
        {
            Say($"search \"rollback error rate\": {hit.Path}  {hit.Snippet?.ReplaceLineEndings(" ")}");
        }

        var section = await deployer.BuildContextAsync(new ContextRequest(Budget: 300), ct);
        Say($"the deployer's memory section ({section.Tokens} of {section.Budget} tokens):");
        foreach (var line in section.Text.TrimEnd('\n').Split('\n'))
        {
            Say($"  | {line}");
        }

        Step(11, "Dreaming: what twelve sessions of three agents have in common");
        var dream = await DreamAsync(store, ct);

        Step(12, "Reviewing what the dream proposed");
        await ReviewDreamAsync(store, dream, ct);

        Step(13, "Explore it yourself");
        var on = $"{Invocation.Command} --data {data.Root} --store {store.Name}";
        Say($"{on} ls -l");
        Say($"{on} log {Runbook}");
        Say($"{on} proposals list --dream {dream.Id} --status all");
        Say($"{Invocation.Command} --data {data.Root} dreams show {dream.Id} --patterns");
        Say($"{on} policy list");
        Say($"{on} search \"deploy\"");
        Say($"{on} dream --agent deployer --dry-run");
        Say($"{Invocation.Command} --data {data.Root} audit");
        Say($"{Invocation.Command} --data {data.Root} context --budget 2000");
        Say($"{Invocation.Command} --data {data.Root} dreams list");
        output.WriteLine();
        Say($"review them in a browser: {Invocation.Command} --data {data.Root} serve, then {new Server.ServerOptions().Urls[0]}/ui/proposals?dream={dream.Id}");
        Say($"  and sign in with alice's admin key, shown this once: {key.Secret}");
    }

    private async Task<LocalEngramClient> SessionAsync(string storeId, string agent, CancellationToken ct)
    {
        var registered = await _alice.RegisterSessionAsync(new RegisterSessionRequest(agent, $"{agent} run", Stores: [new SessionAttachment(storeId, AttachmentAccess.ReadWrite, "")]), ct);
        return new LocalEngramClient(engine, await engine.AuthenticateAsync(registered.Token, ct));
    }

    private static string Show(string? value) => value ?? "null";

    private void Step(int number, string title)
    {
        output.WriteLine();
        output.WriteLine($"{number}. {title}");
    }

    private void Say(string line) => output.WriteLine($"   {line}");
}
