using System.CommandLine;
using System.Globalization;
using Engram.Dreaming.Dreams;
using Engram.Errors;
using Engram.Wire;

namespace Engram.Cli.Commands;

/// <summary><c>engram dream</c> (start one and follow it to the end) and <c>engram dreams list|show|cancel|archive</c>.</summary>
internal static class DreamCommands
{
    /// <summary>The model asked for when <c>--model</c> and ENGRAM_DREAM_MODEL are not given; with no provider configured the rule-based analyzers run alone.</summary>
    private const string DefaultModel = "claude-sonnet-4-5";

    public static Command Dream()
    {
        var sessions = new Option<string[]>("--session") { Description = "A session to read (sesn_...); repeat for more", AllowMultipleArgumentsPerToken = true };
        var since = new Option<string?>("--since") { Description = "Sessions active since (their latest event, else their import): 7d, 12h, 30m, or an RFC 3339 time" };
        var all = new Option<bool>("--all") { Description = "Every session with a transcript you can see, however old (narrow with --agent or --attached-store); not with --session or --since" };
        var agent = new Option<string?>("--agent") { Description = "Only sessions of this agent" };
        var attached = new Option<string?>("--attached-store") { Description = "Only sessions that had this store attached (id or name)" };
        var instructions = new Option<string?>("--instructions") { Description = "A file with instructions (1 to 4,096 characters); - reads stdin" };
        var model = new Option<string?>("--model") { Description = $"The model (default ENGRAM_DREAM_MODEL or {DefaultModel}); without ANTHROPIC_API_KEY or OPENAI_API_KEY only the rule-based analyzers run" };
        var update = new Option<bool>("--update-existing") { Description = "Apply trusted proposals to the store itself (default: write a new store)" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Count the sessions and events it would read (and, with a model provider, estimate tokens and cost); write nothing" };
        var detach = new Option<bool>("--detach") { Description = "Create the dream and return; the server's worker runs it" };
        return new Command("dream", "Read sessions and the store, find recurring patterns, and propose changes for review")
            .With(sessions, since, all, agent, attached, instructions, model, update, dryRun, detach).Handle(async (run, ct) =>
        {
            var ids = run.Parse.GetValue(sessions) ?? [];
            var readAll = run.Parse.GetValue(all);
            if (readAll && (ids.Length > 0 || run.Parse.GetValue(since) is not null))
            {
                throw new InvalidRequestException("--all", "reads every session, so it takes no --session or --since: give one way of choosing sessions");
            }

            var store = await run.StoreAsync(ct);
            var attachedId = run.Parse.GetValue(attached) is { } name ? (await run.StoreAsync(name, ct)).Id : null;
            var selection = new SessionSelection(ids, Since(run.Parse.GetValue(since), TimeProvider.System), run.Parse.GetValue(agent), attachedId, readAll);

            var request = new CreateDreamRequest(
                store.Id, selection,
                new DreamModel(run.Parse.GetValue(model) ?? Environment.GetEnvironmentVariable("ENGRAM_DREAM_MODEL") ?? DefaultModel),
                await InstructionsAsync(run.Parse.GetValue(instructions), ct),
                run.Parse.GetValue(update) ? DreamOutputBehavior.UpdateExisting : DreamOutputBehavior.CreateNew,
                run.Parse.GetValue(update) ? store.Id : null);

            if (run.Parse.GetValue(dryRun))
            {
                var estimate = await NamingOptionsAsync(run.Client().EstimateDreamAsync(request, ct));
                return run.Report(estimate.ToJson(), DreamText.Estimate(estimate));
            }

            var dream = await NamingOptionsAsync(run.Client().CreateDreamAsync(request, ct));
            if (run.Parse.GetValue(detach))
            {
                // Locally nothing runs it until a server's worker opens this data directory.
                return run.Report(dream.ToJson(), $"created {dream.Id} ({DreamMapping.StatusName(dream.Status)}); "
                    + (run.ServerUrl is null ? $"{Invocation.Command} serve on this data directory runs it" : "the server runs it") + $"; follow it with: {Invocation.Command} dreams show {dream.Id}");
            }

            if (!run.Json)
            {
                run.Line($"dreaming {dream.Id} over {store.Name}");
            }

            using var display = new DreamDisplay(Console.IsErrorRedirected || run.Json);
            var ended = await run.Client().RunDreamAsync(dream.Id, display, ct);
            display.Finish();
            if (run.Json)
            {
                run.WriteJson(ended.ToJson());
                return ExitCodes.For(ended);
            }

            run.Line(DreamText.Summary(ended));
            if (ended.Status == DreamStatus.Completed)
            {
                if (ended.OutputStoreId is { } output && ended.OutputStoreId != ended.StoreId && ended.Progress.Proposals > 0)
                {
                    // A copy with nothing applied looks like a dream that did nothing: say what the copy holds and where the rest waits.
                    run.Line($"{output} is a copy of {store.Name} with the trusted proposals (those that quote no transcript) applied; every proposal also waits for review on {store.Name}, where accepting applies it");
                }

                run.Line(ended.Progress.Proposals > 0
                    ? $"review them: {Invocation.Command} proposals list --store {store.Name} --dream {ended.Id}\nwhat it considered and why: {Invocation.Command} dreams show {ended.Id} --patterns"
                    : $"why nothing was proposed: {Invocation.Command} dreams show {ended.Id} --patterns");
            }

            return ExitCodes.For(ended);
        });
    }

    public static Command Dreams() => new Command("dreams", "Dreams: list, show, resume, cancel, archive, revert").With(List(), Show(), Resume(), Cancel(), Archive(), Revert());

    private static Command List()
    {
        var status = new Option<string[]>("--status") { Description = "Only these statuses: pending, running, completed, failed, canceled", AllowMultipleArgumentsPerToken = true };
        var archived = new Option<bool>("--archived") { Description = "Include archived dreams" };
        var limit = new Option<int>("--limit", "-n") { Description = "At most N dreams (1 to 100, default 20)", DefaultValueFactory = _ => 20 };
        var next = new Option<string?>("--page") { Description = "Continue from a next_page token" };
        return new Command("list", "Dreams, newest first").With(status, archived, limit, next).Handle(async (run, ct) =>
        {
            var statuses = (run.Parse.GetValue(status) ?? []).Select(s => DreamStatusNames.Parse(s, "--status")).ToList();
            var page = await run.Client().ListDreamsAsync(new DreamListQuery(statuses.Count == 0 ? null : statuses, run.Parse.GetValue(archived), Limit: run.Parse.GetValue(limit), Page: run.Parse.GetValue(next)), ct);
            if (run.Json)
            {
                run.WriteJson(page.ToJson(d => d.ToJson()));
                return ExitCodes.Ok;
            }

            if (page.Data.Count == 0)
            {
                run.Line("no dreams");
            }

            foreach (var d in page.Data)
            {
                run.Line($"{d.Id}  {Format.Time(d.CreatedAt)}  {DreamMapping.StatusName(d.Status),-9}  {d.StoreId}  {d.Progress.SessionsAnalyzed}/{d.Progress.SessionsTotal} sessions  {d.Progress.Proposals} proposals{(d.OutputStoreId is null ? "" : $"  -> {d.OutputStoreId}")}");
            }

            if (page.NextPage is { } more)
            {
                run.Line($"more: --page {more}");
            }

            return ExitCodes.Ok;
        });
    }

    private static Command Show()
    {
        var id = new Argument<string>("dream") { Description = "drm_..." };
        var patterns = new Option<bool>("--patterns") { Description = "Every candidate pattern the dream considered: proposed or dropped, with the rule that decided and its counts" };
        return new Command("show", "A dream: status, progress, usage, output; with --patterns, what it considered and why").With(id, patterns).Handle(async (run, ct) =>
        {
            var dreamId = run.Parse.GetValue(id)!;
            var dream = await run.Client().GetDreamAsync(dreamId, ct);
            if (!run.Parse.GetValue(patterns))
            {
                return run.Report(dream.ToJson(), DreamText.Summary(dream));
            }

            var considered = new List<Dreaming.Findings.ConsideredPattern>();
            string? page = null;
            do
            {
                var batch = await run.Client().ListDreamPatternsAsync(dreamId, Dreaming.Dreams.DreamService.MaxPatternsPage, page, ct);
                considered.AddRange(batch.Data);
                page = batch.NextPage;
            }
            while (page is not null);

            return run.Report(new PageJson<DreamPatternJson>([.. considered.Select(p => p.ToJson())], null), DreamText.Patterns(dream, considered));
        });
    }

    private static Command Cancel() => OnOne("cancel", "Stop a pending or running dream", (client, id, ct) => client.CancelDreamAsync(id, ct));

    private static Command Archive() => OnOne("archive", "Hide a finished dream from the default list", (client, id, ct) => client.ArchiveDreamAsync(id, ct));

    private static Command Resume()
    {
        var id = new Argument<string>("dream") { Description = "drm_..." };
        return new Command("resume", "Run a pending or interrupted dream to its end here (sessions already analysed are not read again), or follow it on a server").With(id).Handle(async (run, ct) =>
        {
            using var display = new DreamDisplay(Console.IsErrorRedirected || run.Json);
            var ended = await run.Client().RunDreamAsync(run.Parse.GetValue(id)!, display, ct);
            display.Finish();
            run.Report(ended.ToJson(), DreamText.Summary(ended));
            return ExitCodes.For(ended);
        });
    }

    private static Command Revert()
    {
        var id = new Argument<string>("dream") { Description = "drm_..." };
        return new Command("revert", "Undo every change the dream's accepted proposals made to its input store; later edits by people are kept (those changes are skipped)").With(id).Handle(async (run, ct) =>
        {
            var result = await run.Client().RevertDreamAsync(run.Parse.GetValue(id)!, ct);
            var lines = new List<string> { $"reverted {result.Reverted.Count} change(s) of {result.DreamId}, skipped {result.Skipped.Count}" };
            lines.AddRange(result.Reverted.Select(r => $"  reverted {r.Path}: {r.VersionId} undone by {r.RevertVersionId}"));
            lines.AddRange(result.Skipped.Select(s => $"  skipped {s.VersionId}: {s.Reason}"));
            run.Report(result.ToJson(), string.Join('\n', lines));
            return result.Skipped.Count == 0 ? ExitCodes.Ok : ExitCodes.Conflict;
        });
    }

    private static Command OnOne(string name, string description, Func<Client.IEngramClient, string, CancellationToken, Task<Dream>> act)
    {
        var id = new Argument<string>("dream") { Description = "drm_..." };
        return new Command(name, description).With(id).Handle(async (run, ct) =>
        {
            var dream = await act(run.Client(), run.Parse.GetValue(id)!, ct);
            return run.Report(dream.ToJson(), DreamText.Summary(dream));
        });
    }

    /// <summary><c>7d</c>, <c>12h</c>, <c>30m</c> before now on <paramref name="time"/>'s clock, or an RFC 3339 time (<see cref="Client.TimeInput"/>).</summary>
    internal static DateTimeOffset? Since(string? text, TimeProvider time) => Client.TimeInput.Parse(text, time.GetUtcNow(), "--since");

    /// <summary>Runs <paramref name="call"/>, naming in a refusal the option a person typed rather than the API field it became.</summary>
    private static async Task<T> NamingOptionsAsync<T>(Task<T> call)
    {
        try
        {
            return await call.ConfigureAwait(false);
        }
        catch (InvalidRequestException invalid) when (OptionFor(invalid.Field) is { } option)
        {
            throw new InvalidRequestException(option, invalid.Rule);
        }
    }

    /// <summary>The option that sets an API field of the dream request (<c>inputs[1].session_ids[0]</c> is <c>--session</c>), or null.</summary>
    private static string? OptionFor(string field) => field switch
    {
        "inputs[0].memory_store_id" => "--store",
        "inputs[1]" => "--session/--all/--since/--agent/--attached-store",
        "inputs[1].filter.agent" => "--agent",
        "inputs[1].filter.memory_store_id" => "--attached-store",
        _ when field.StartsWith("inputs[1].session_ids", StringComparison.Ordinal) => "--session",
        "instructions" => "--instructions",
        "model" or "model.id" or "model.speed" => "--model",
        _ when field.StartsWith("output_behavior", StringComparison.Ordinal) => "--update-existing",
        _ => null,
    };

    private static async Task<string?> InstructionsAsync(string? file, CancellationToken cancellationToken)
    {
        try
        {
            return file switch
            {
                null => null,
                "-" => await Console.In.ReadToEndAsync(cancellationToken),
                _ => await File.ReadAllTextAsync(file, cancellationToken),
            };
        }
        catch (Exception missing) when (missing is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InvalidRequestException("--instructions", $"no such file: {file}");
        }
    }
}
