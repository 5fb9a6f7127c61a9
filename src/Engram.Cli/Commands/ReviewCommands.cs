using System.CommandLine;
using Engram.Access.Audit;
using Engram.Client;
using Engram.Review;
using Engram.Wire;

namespace Engram.Cli.Commands;

internal static class ReviewCommands
{
    public static Command Proposals() => new Command("proposals", "Review proposals: list, show (with the diff), accept, reject").With(List(), Show(), Accept(), Reject());

    public static Command Audit()
    {
        var store = new Option<bool>("--this-store") { Description = "Only events of --store" };
        var actor = new Option<string?>("--actor") { Description = "Only events of this actor (user_..., svac_..., sesn_...)" };
        var action = new Option<string?>("--action") { Description = "Only this action, such as memory.update or proposal.accept" };
        var denied = new Option<bool>("--denied") { Description = "Only denials" };
        var since = new Option<DateTimeOffset?>("--since") { Description = "Only events at or after this time (RFC 3339)" };
        var limit = new Option<int>("--limit", "-n") { Description = "At most N events (default 50)", DefaultValueFactory = _ => 50 };
        return new Command("audit", "The audit log, newest first: writes, denials, policy, key and session changes, review decisions").With(store, actor, action, denied, since, limit).Handle(async (run, ct) =>
        {
            var storeId = run.Parse.GetValue(store) ? (await run.StoreAsync(ct)).Id : null;
            var query = new AuditQuery(storeId, run.Parse.GetValue(actor), run.Parse.GetValue(action), run.Parse.GetValue(denied) ? AuditOutcome.Denied : null, run.Parse.GetValue(since), Math.Min(100, run.Parse.GetValue(limit)));
            var page = await run.Client().ListAuditEventsAsync(query, ct);
            if (run.Json)
            {
                run.WriteJson(page.ToJson(e => e.ToJson()));
                return ExitCodes.Ok;
            }

            foreach (var e in page.Data)
            {
                run.Line($"{Format.Time(e.At)}  {(e.Outcome == AuditOutcome.Ok ? "ok" : "DENIED"),-6}  {e.Action,-18}  {Format.Actor(e.Actor),-40}  {e.StoreId ?? "-",-36}  {e.Target}  {e.Detail}");
            }

            return ExitCodes.Ok;
        });
    }

    private static Command List()
    {
        var status = new Option<string?>("--status") { Description = "pending (default), applied, rejected, conflicted, or all" };
        var dream = new Option<string?>("--dream") { Description = "Only proposals this dream filed (drm_...)" };
        return new Command("list", "Proposals of the store (with --dream, of the store the dream read), newest first").With(status, dream).Handle(async (run, ct) =>
        {
            var store = run.Parse.GetValue(dream) is { } dreamId
                ? await Client.StoreResolver.ResolveForDreamAsync(run.Client(), run.Parse.GetValue(GlobalOptions.Store), dreamId, CliRun.StoreNaming, ct)
                : await run.StoreAsync(ct);
            var wanted = ProposalStatusNames.ParseFilter(run.Parse.GetValue(status), "--status", whenAbsent: ProposalStatus.Pending);
            var page = await run.Client().ListProposalsAsync(store.Id, new ProposalListQuery(wanted, 100, DreamId: run.Parse.GetValue(dream)), ct);
            if (run.Json)
            {
                run.WriteJson(page.ToJson(p => p.ToJson()));
                return ExitCodes.Ok;
            }

            if (page.Data.Count == 0)
            {
                var kind = wanted is { } only ? $"{only.ToString().ToLowerInvariant()} " : "";
                run.Nothing($"no {kind}proposals in {store.Name}{(run.Parse.GetValue(dream) is { } from ? $" from {from}" : "")}");
            }

            foreach (var p in page.Data)
            {
                var prevalence = p.Origin is { } origin ? $"{origin.Statistics.Sessions}/{origin.Statistics.SessionsRead}" : "-";
                run.Line($"{p.Id}  {Format.Time(p.CreatedAt)}  {p.Status.ToString().ToLowerInvariant(),-10}  {p.Operation.ToString().ToLowerInvariant(),-6}  {p.Origin?.Kind ?? "-",-17}  {prevalence,7}  {p.Path}{(p.NewPath is null ? "" : $" -> {p.NewPath}")}  by {Format.Actor(p.Author)}  {p.Origin?.Title ?? p.Rationale}");
            }

            return ExitCodes.Ok;
        });
    }

    private static Command Show()
    {
        var id = new Argument<string>("proposal") { Description = "prop_..." };
        return new Command("show", "A proposal with its diff against the current content, and a dream's evidence and statistics").With(id).Handle(async (run, ct) =>
        {
            var store = await ProposalStoreAsync(run, run.Parse.GetValue(id)!, ct);
            var review = await run.Client().GetProposalAsync(store.Id, run.Parse.GetValue(id)!, ct);
            return run.Report(review.ToJson(), ProposalText.Describe(review));
        });
    }

    private static Command Accept()
    {
        var id = new Argument<string>("proposal") { Description = "prop_..." };
        var note = new Option<string?>("--note") { Description = "Why" };
        var merge = new Option<bool>("--merge") { Description = "The memory moved since the proposal: merge the two (the merge `proposals show` offers) and apply it against the current content" };
        var expect = new Option<string?>("--expect-sha256") { Description = "With --merge: the current content_sha256 the shown merge was based on (or its first 12 or more characters); if the memory moved again, nothing is written" };
        var edited = new Option<FileInfo?>("--edited") { Description = "Apply this file's text in place of the proposed content (your edit of it; creates and content changes only); the version's reason says it was edited at review" };
        return new Command("accept", "Accept and apply a proposal (with its base hash as precondition)").With(id, note, merge, expect, edited).Handle(async (run, ct) =>
        {
            var expected = MemoryCommands.Expected(run, expect);
            var editedContent = run.Parse.GetValue(edited) is { } file ? await MemoryCommands.ReadContentAsync(file, ct) : null;
            var store = await ProposalStoreAsync(run, run.Parse.GetValue(id)!, ct);
            if (expected is not null && ExpectedSha256.IsPrefix(expected))
            {
                // A prefix stands for the hash of the memory's content now, as the proposal's review reads it.
                var proposalId = run.Parse.GetValue(id)!;
                var review = await run.Client().GetProposalAsync(store.Id, proposalId, ct);
                expected = ExpectedSha256.Resolve(expected, review.CurrentSha256, $"the memory of proposal {proposalId}");
            }

            var request = new AcceptProposalRequest(run.Parse.GetValue(note), run.Parse.GetValue(merge), expected, editedContent);
            var decided = await run.Client().AcceptProposalAsync(store.Id, run.Parse.GetValue(id)!, request, ct);
            run.Report(decided.ToJson(), decided.Status == ProposalStatus.Applied
                ? $"applied {decided.Id} as {decided.AppliedVersionId}{((request.Merge || editedContent is not null) && decided.DecisionNote is { } merged ? $": {merged}" : "")}"
                : $"conflicted {decided.Id}: {decided.DecisionNote}; nothing was written");
            return decided.Status == ProposalStatus.Applied ? ExitCodes.Ok : ExitCodes.Conflict;
        });
    }

    private static Command Reject()
    {
        var id = new Argument<string>("proposal") { Description = "prop_..." };
        var note = new Option<string?>("--note") { Description = "Why" };
        return new Command("reject", "Reject a proposal").With(id, note).Handle(async (run, ct) =>
        {
            var store = await ProposalStoreAsync(run, run.Parse.GetValue(id)!, ct);
            var decided = await run.Client().RejectProposalAsync(store.Id, run.Parse.GetValue(id)!, run.Parse.GetValue(note), ct);
            return run.Report(decided.ToJson(), $"rejected {decided.Id}");
        });
    }

    /// <summary>The store <c>--store</c> names, else the one the proposal waits in (no need to name it with several stores).</summary>
    private static Task<Memories.MemoryStore> ProposalStoreAsync(CliRun run, string proposalId, CancellationToken ct) =>
        Client.StoreResolver.ResolveForProposalAsync(run.Client(), run.Parse.GetValue(GlobalOptions.Store), proposalId, CliRun.StoreNaming, ct);
}
