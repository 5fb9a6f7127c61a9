using Engram.Access;
using Engram.Client;
using Engram.Errors;
using Engram.Identity;
using Engram.Memories;
using Engram.Sqlite;

namespace Engram.Cli.Commands;

/// <summary>
/// The tour <c>engram demo</c> gives: a small team's store written by a person and two agents, with
/// the guardrails shown as they happen. Every step goes through the same library calls as the API.
/// </summary>
internal sealed class DemoTour(EngramEngine engine, DataDirectory data, TextWriter output)
{
    private const string Runbook = "/teams/payments/runbook.md";

    private readonly LocalEngramClient _alice = new(engine, data.LocalCaller);
    private readonly LocalEngramClient _deployer = new(engine, new Caller(Actor.Session(engine.Ids.NewId(IdPrefix.Session))));
    private readonly LocalEngramClient _reviewer = new(engine, new Caller(Actor.Session(engine.Ids.NewId(IdPrefix.Session))));

    public async Task RunAsync(CancellationToken ct)
    {
        output.WriteLine($"Engram demo: versioned memory for an agent fleet (data directory: {data.Root})");

        Step(1, "A store for the payments team");
        var store = await _alice.CreateStoreAsync(new CreateStoreRequest(
            "acme-payments",
            "What the payments team and its agents know: conventions, runbooks, and each agent's notes.",
            new Dictionary<string, string> { ["team"] = "payments" }), ct);
        Say($"alice created store {store.Name} ({store.Id})");

        Step(2, "Three writers, three memories");
        await _alice.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/org/conventions.md", DemoText.Conventions, "team conventions"), ct);
        Say($"alice (user {data.Manifest.LocalUserId}) wrote /org/conventions.md");
        var runbook = await _deployer.CreateMemoryAsync(store.Id, new CreateMemoryRequest(Runbook, DemoText.RunbookV1, "first runbook"), ct);
        Say($"deployer agent ({_deployer.Caller.Actor.Id}) wrote {Runbook}");
        var notes = await _reviewer.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/agents/reviewer/notes.md", DemoText.ReviewerNotes), ct);
        Say($"reviewer agent ({_reviewer.Caller.Actor.Id}) wrote /agents/reviewer/notes.md");

        Step(3, "Two agents edit the runbook at the same time");
        var seen = runbook.ContentSha256;
        Say($"both agents read {Runbook} at sha256 {seen[..12]}");
        var first = await _deployer.UpdateMemoryAsync(store.Id, runbook.Id, new UpdateMemoryRequest(DemoText.RunbookV2, ExpectedContentSha256: seen, Reason: "add the rollback step"), ct);
        Say($"deployer writes with precondition {seen[..12]}: accepted as {first.MemoryVersionId}");
        try
        {
            await _reviewer.UpdateMemoryAsync(store.Id, runbook.Id, new UpdateMemoryRequest(DemoText.RunbookReviewerEdit(DemoText.RunbookV1), ExpectedContentSha256: seen, Reason: "fix the dashboard link"), ct);
            throw new InvalidOperationException("the stale write was accepted; the demo expected it to be refused");
        }
        catch (PreconditionFailedException refused)
        {
            Say($"reviewer writes with the same, now stale, precondition: refused ({refused.Code})");
            Say($"  \"{refused.Message}\"");
        }

        var fresh = await _reviewer.GetMemoryAsync(store.Id, runbook.Id, MemoryView.Full, ct);
        var merged = await _reviewer.UpdateMemoryAsync(
            store.Id, runbook.Id, new UpdateMemoryRequest(DemoText.RunbookReviewerEdit(fresh.Content!), ExpectedContentSha256: fresh.ContentSha256, Reason: "fix the dashboard link"), ct);
        Say($"reviewer re-reads (sha256 {fresh.ContentSha256[..12]}), reapplies its edit: accepted as {merged.MemoryVersionId}");
        Say("both edits are in the runbook; no update was lost");

        Step(4, "A rename keeps the memory's id");
        var renamed = await _reviewer.UpdateMemoryAsync(store.Id, notes.Id, new UpdateMemoryRequest(Path: "/agents/reviewer/review-notes.md", Reason: "clearer name"), ct);
        Say($"/agents/reviewer/notes.md -> {renamed.Path}, still {renamed.Id}");

        Step(5, "A bad write, and the revert");
        var broken = await _deployer.UpdateMemoryAsync(store.Id, runbook.Id, new UpdateMemoryRequest("# Runbook\n\nTODO\n", Reason: "regenerated"), ct);
        Say($"the deployer agent overwrote the runbook with a stub ({broken.MemoryVersionId})");
        var restored = await _alice.RevertMemoryAsync(store.Id, runbook.Id, new RevertMemoryRequest(merged.MemoryVersionId, broken.ContentSha256, "restore the reviewed runbook"), ct);
        Say($"alice reverts to {merged.MemoryVersionId}: new version {restored.MemoryVersionId}; the stub stays in history");

        Step(6, $"History of {Runbook}, newest first");
        var history = await _alice.ListVersionsAsync(store.Id, new VersionListQuery(MemoryId: runbook.Id), ct);
        foreach (var version in history.Data)
        {
            Say($"{version.Id}  {Format.Operation(version.Operation),-8}  {Format.Actor(version.CreatedBy),-40}  {version.Reason}");
        }

        Step(7, "What the reviewer changed");
        var diff = await VersionDiff.CreateAsync(_alice, store.Id, first.MemoryVersionId, merged.MemoryVersionId, ct);
        foreach (var line in diff.Diff.TrimEnd('\n').Split('\n'))
        {
            Say(line);
        }

        Step(8, "A leaked secret, redacted");
        var scratch = await _deployer.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/agents/deployer/scratch.md", "deploy token: sk-live-0000demo0000\n"), ct);
        var cleaned = await _alice.UpdateMemoryAsync(store.Id, scratch.Id, new UpdateMemoryRequest("deploy token: (stored in the vault)\n", ExpectedContentSha256: scratch.ContentSha256, Reason: "remove a leaked token"), ct);
        var redacted = await _alice.RedactVersionAsync(store.Id, scratch.MemoryVersionId, ct);
        Say($"the deployer pasted a token into /agents/deployer/scratch.md ({scratch.MemoryVersionId}); alice replaced it ({cleaned.MemoryVersionId})");
        Say($"and redacted {redacted.Id}: content={Show(redacted.Content)}, sha256={Show(redacted.ContentSha256)}, path={Show(redacted.Path)}; the record stays (written by {Format.Actor(redacted.CreatedBy)}, redacted by {Format.Actor(redacted.RedactedBy)})");

        Step(9, "Explore it yourself");
        Say($"engram --data {data.Root} ls -l");
        Say($"engram --data {data.Root} log {Runbook}");
        Say($"engram --data {data.Root} diff {Runbook}");
        Say($"engram --data {data.Root} cat {Runbook}");
    }

    private static string Show(string? value) => value ?? "null";

    private void Step(int number, string title)
    {
        output.WriteLine();
        output.WriteLine($"{number}. {title}");
    }

    private void Say(string line) => output.WriteLine($"   {line}");
}
