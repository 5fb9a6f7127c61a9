using System.CommandLine;
using System.Globalization;
using Engram.Client;
using Engram.Errors;
using Engram.Identity;
using Engram.Memories;
using Engram.Wire;

namespace Engram.Cli.Commands;

internal static class HistoryCommands
{
    public static IEnumerable<Command> Build() => [Log(), Diff(), Revert(), Redact()];

    private static Command Log()
    {
        var reference = new Argument<string?>("memory") { Description = "Only this memory: a path, or an id (works after deletion)", Arity = ArgumentArity.ZeroOrOne };
        var operation = new Option<string?>("--operation") { Description = "created, modified or deleted" };
        operation.AcceptOnlyFromAmong("created", "modified", "deleted");
        var session = new Option<string?>("--session") { Description = "Only versions written by this session (sesn_...)" };
        var apiKey = new Option<string?>("--api-key-id") { Description = "Only versions written with this API key (apikey_...)" };
        var since = new Option<DateTimeOffset?>("--since") { Description = "Only versions created at or after this time (RFC 3339)" };
        var until = new Option<DateTimeOffset?>("--until") { Description = "Only versions created at or before this time (RFC 3339)" };
        var limit = new Option<int?>("--limit", "-n") { Description = "At most N versions (default: all)" };
        var page = new Option<string?>("--page") { Description = "Continue from a next_page token" };
        return new Command("log", "Show history, newest first").With(reference, operation, session, apiKey, since, until, limit, page).Handle(async (run, ct) =>
        {
            var store = await run.StoreAsync(ct);
            string? memoryId = null;
            if (run.Parse.GetValue(reference) is { } given)
            {
                memoryId = IdPrefix.Matches(given, IdPrefix.Memory)
                    ? given
                    : (await MemoryResolver.ResolveAsync(run.Client(), store.Id, given, MemoryView.Basic, ct)).Id;
            }

            var wanted = run.Parse.GetValue(limit);
            var query = new VersionListQuery(
                memoryId,
                run.Parse.GetValue(operation) is { } op ? Enum.Parse<VersionOperation>(op, ignoreCase: true) : null,
                run.Parse.GetValue(session),
                run.Parse.GetValue(apiKey),
                CreatedAtGte: run.Parse.GetValue(since),
                CreatedAtLte: run.Parse.GetValue(until),
                Page: run.Parse.GetValue(page));
            var versions = new List<MemoryVersion>();
            string? next;
            do
            {
                var remaining = wanted is { } w ? Math.Min(100, w - versions.Count) : 100;
                var result = await run.Client().ListVersionsAsync(store.Id, query with { Limit = remaining }, ct);
                versions.AddRange(result.Data);
                next = result.NextPage;
                query = query with { Page = next };
            }
            while (next is not null && (wanted is null || versions.Count < wanted));

            if (run.Json)
            {
                run.WriteJson(new PageJson<MemoryVersionJson>(versions.Select(v => v.ToJson(MemoryView.Basic)).ToList(), wanted is null ? null : next));
                return ExitCodes.Ok;
            }

            foreach (var v in versions)
            {
                var size = v.ContentSizeBytes is { } s ? Format.Size(s) : "-";
                var what = v.IsRedacted ? $"(redacted {Format.Time(v.RedactedAt)} by {Format.Actor(v.RedactedBy)})" : v.Path;
                run.Line($"{v.Id}  {Format.Time(v.CreatedAt)}  {Format.Operation(v.Operation),-8}  {Format.Actor(v.CreatedBy)}  {Format.Hash(v.ContentSha256)}  {size,9}  {what}");
                if (v.Reason is not null)
                {
                    run.Line($"{"",28}  reason: {v.Reason}");
                }

                if (v.ProposalId is not null)
                {
                    run.Line($"{"",28}  proposal: {v.ProposalId}, reviewed by {Format.Actor(v.ReviewedBy)}");
                }

                if (v.DreamId is not null)
                {
                    run.Line($"{"",28}  dream: {v.DreamId}, evidence sessions: {(v.EvidenceSessionIds is { Count: > 0 } sessions ? string.Join(", ", sessions) : "-")}");
                }
            }

            if (wanted is not null && next is not null)
            {
                run.Line($"more: --page {next}");
            }

            return ExitCodes.Ok;
        });
    }

    private static Command Diff()
    {
        var from = new Argument<string>("from") { Description = "A version id (memver_...), or a memory path/id to see its last change" };
        var to = new Argument<string?>("to") { Description = "A later version id (default: the memory's current content)", Arity = ArgumentArity.ZeroOrOne };
        return new Command("diff", "Unified diff between two versions, or a version and the current content").With(from, to).Handle(async (run, ct) =>
        {
            var store = await run.StoreAsync(ct);
            var result = await VersionDiff.CreateAsync(run.Client(), store.Id, run.Parse.GetValue(from)!, run.Parse.GetValue(to), ct);
            if (run.Json)
            {
                run.WriteJson(new Dictionary<string, string?>
                {
                    ["from_version_id"] = result.FromVersionId,
                    ["to_version_id"] = result.ToVersionId,
                    ["diff"] = result.Diff,
                    ["note"] = result.Note,
                });
            }
            else
            {
                run.Out.Write(result.Diff.Length > 0 ? result.Diff : $"{result.Note ?? "no differences"}\n");
            }

            return ExitCodes.Ok;
        });
    }

    private static Command Revert()
    {
        var reference = MemoryCommands.MemoryArgument();
        var to = new Option<string>("--to") { Description = "The version whose content to restore (memver_...)", Required = true };
        var expect = MemoryCommands.ExpectOption();
        var reason = MemoryCommands.ReasonOption();
        return new Command("revert", "Restore an earlier version's content as a new version (history stays append-only)").With(reference, to, expect, reason).Handle(async (run, ct) =>
        {
            var expected = MemoryCommands.Expected(run, expect);
            var store = await run.StoreAsync(ct);
            var given = run.Parse.GetValue(reference)!;
            var memoryId = IdPrefix.Matches(given, IdPrefix.Memory)
                ? given
                : (await MemoryResolver.ResolveAsync(run.Client(), store.Id, given, MemoryView.Basic, ct)).Id;
            if (expected is not null && ExpectedSha256.IsPrefix(expected))
            {
                // A prefix stands for the current hash: read it (a deleted memory has none, and fails the precondition).
                var current = await CurrentOrNullAsync(run, store.Id, memoryId, ct);
                expected = current is null ? ExpectedSha256.Resolve(expected, null, $"memory {memoryId}") : MemoryCommands.Current(expected, current);
            }

            var reverted = await run.Client().RevertMemoryAsync(
                store.Id, memoryId, new RevertMemoryRequest(run.Parse.GetValue(to), expected, run.Parse.GetValue(reason)), ct);
            if (reverted.Proposal is { } proposal)
            {
                return run.Proposed(proposal);
            }

            var memory = reverted.Value;
            return run.Report(
                memory.ToJson(MemoryView.Basic),
                $"reverted {memory.Path} to the content of {run.Parse.GetValue(to)}  (new version {memory.MemoryVersionId}, sha256 {memory.ContentSha256})");
        });
    }

    private static async Task<Memory?> CurrentOrNullAsync(CliRun run, string storeId, string memoryId, CancellationToken cancellationToken)
    {
        try
        {
            return await run.Client().GetMemoryAsync(storeId, memoryId, MemoryView.Basic, cancellationToken);
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

    private static Command Redact()
    {
        var version = new Argument<string>("version") { Description = "The version to redact (memver_...)" };
        var yes = new Option<bool>("--yes", "-y") { Description = "Confirm: the version's content, hash, size and path are erased for good" };
        return new Command("redact", "Erase a version's content for good, keeping the record").With(version, yes).Handle(async (run, ct) =>
        {
            var store = await run.StoreAsync(ct);
            var id = run.Parse.GetValue(version)!;
            if (!run.Parse.GetValue(yes))
            {
                throw new InvalidRequestException("--yes", $"redacting {id} erases its content for good; pass --yes to confirm");
            }

            var before = await run.Client().GetVersionAsync(store.Id, id, MemoryView.Basic, ct);
            var redacted = await run.Client().RedactVersionAsync(store.Id, id, ct);
            var leftovers = await RedactionLeftovers.FindAsync(run.Client(), store.Id, before, ct);
            if (leftovers.Count > 0)
            {
                var current = await run.Client().GetMemoryAsync(store.Id, before.MemoryId, MemoryView.Basic, ct);
                var named = string.Join(", ", leftovers.Select(v => v.Id == current.MemoryVersionId ? $"{v.Id} (the current content of {current.Path}: update or delete it first)" : v.Id));
                run.Warn(string.Create(CultureInfo.InvariantCulture,
                    $"{Format.Count(leftovers.Count, "other version")} of {before.MemoryId} still {(leftovers.Count == 1 ? "holds" : "hold")} the same content: {named}; redact {(leftovers.Count == 1 ? "it" : "them")} too to erase it"));
            }

            return run.Report(
                redacted.ToJson(),
                string.Create(CultureInfo.InvariantCulture, $"redacted {redacted.Id} at {Format.Time(redacted.RedactedAt)}; the record stays in the history of {redacted.MemoryId}"));
        });
    }
}
