using System.CommandLine;
using Engram.Client;
using Engram.Errors;
using Engram.Memories;
using Engram.Search;
using Engram.Wire;

namespace Engram.Cli.Commands;

internal static class SearchCommands
{
    public static Command Search()
    {
        var query = new Argument<string>("query") { Description = "Words and \"phrases\" to find" };
        var mode = new Option<string?>("--mode") { Description = "auto (default: hybrid where semantic search is on), keyword, semantic or hybrid" };
        var prefix = new Option<string?>("--prefix") { Description = "Only under this directory (/org or /org/)" };
        var tags = new Option<string[]>("--tag") { Description = "Only memories with this front-matter tag (repeatable; all required)" };
        var since = new Option<DateTimeOffset?>("--since") { Description = "Only memories updated at or after this time" };
        var stale = new Option<bool>("--stale") { Description = "Only stale memories" };
        var fresh = new Option<bool>("--fresh") { Description = "Only memories that are not stale" };
        var limit = new Option<int?>("--limit", "-n") { Description = "At most N results (default 20)" };
        return new Command("search", "Search a store: BM25 over path, title, description, tags and body; semantic where it is on").With(query, mode, prefix, tags, since, stale, fresh, limit).Handle(async (run, ct) =>
        {
            var store = await run.StoreAsync(ct);
            var wanted = SearchMapping.ParseMode(run.Parse.GetValue(mode), "--mode");
            var staleness = Staleness(run, stale, fresh);
            var page = await run.Client().SearchAsync(store.Id, new SearchRequest(
                run.Parse.GetValue(query), wanted, MemoryCommands.DirectoryPrefix(run.Parse.GetValue(prefix), "--prefix"), run.Parse.GetValue(tags), run.Parse.GetValue(since), staleness, run.Parse.GetValue(limit)), ct);
            if (page.Partial && !run.Json)
            {
                // Locally no worker embeds (a search embeds only a few itself); a server's worker does, in the background.
                var next = run.ServerUrl is null
                    ? $"`{Invocation.Command} embeddings --wait` embeds them now"
                    : $"the server embeds them in the background; `{Invocation.Command} embeddings` shows progress";
                Console.Error.WriteLine(page.Embedding is { } progress
                    ? $"engram: {progress.Pending:N0} of {EmbeddingsCommand.Memories(progress.Memories)} in {store.Name} {(progress.Pending == 1 ? "is" : "are")} not embedded yet: found by keyword only ({next})"
                    : $"engram: some memories in {store.Name} are not embedded yet: found by keyword only ({next})");
            }

            if (run.Json)
            {
                run.WriteJson(page.ToJson());
                return ExitCodes.Ok;
            }

            if (page.Results.Count == 0)
            {
                run.Nothing($"no {Kind(staleness)}memories in {store.Name}{Under(run.Parse.GetValue(prefix))} match \"{run.Parse.GetValue(query)}\"");
            }

            foreach (var result in page.Results)
            {
                var marks = string.Concat(result.Stale ? " (stale)" : "", result.SkillName is { } skill ? $" (skill {skill})" : "");
                run.Line($"{result.Path}{marks}  [{result.MatchedBy} {result.Score:0.000}]");
                if (result.Summary is { } summary)
                {
                    run.Line($"    {summary}");
                }

                if (result.Snippet is { } snippet)
                {
                    run.Line($"    {snippet.ReplaceLineEndings(" ")}");
                }
            }

            return ExitCodes.Ok;
        });
    }

    public static Command Catalog()
    {
        var prefix = new Argument<string?>("prefix") { Description = "A directory: /org or /org/ (default: the whole store)", Arity = ArgumentArity.ZeroOrOne };
        var stale = new Option<bool>("--stale") { Description = "Only stale memories" };
        var fresh = new Option<bool>("--fresh") { Description = "Only memories that are not stale" };
        return new Command("catalog", "List what each memory is about (title or first heading, tags, stale, skills, front-matter errors) without opening it")
            .With(prefix, stale, fresh).Handle(async (run, ct) =>
            {
                var store = await run.StoreAsync(ct);
                var request = new CatalogRequest(MemoryCommands.DirectoryPrefix(run.Parse.GetValue(prefix), "prefix"), Staleness(run, stale, fresh), SearchService.MaxCatalogPage);
                var entries = new List<CatalogEntry>();
                do
                {
                    var page = await run.Client().CatalogAsync(store.Id, request, ct);
                    entries.AddRange(page.Entries);
                    request = request with { Page = page.NextPage };
                }
                while (request.Page is not null);

                if (run.Json)
                {
                    run.WriteJson(new CatalogPage(entries, null).ToJson());
                    return ExitCodes.Ok;
                }

                if (entries.Count == 0)
                {
                    run.Nothing($"no {Kind(request.Stale)}memories in {store.Name}{Under(run.Parse.GetValue(prefix))}");
                }

                foreach (var entry in entries)
                {
                    var marks = string.Concat(
                        entry.Pinned ? " (pinned)" : "", entry.Stale ? " (stale)" : "", entry.SkillName is { } skill ? $" (skill {skill})" : "",
                        entry.FrontMatterError is { } error ? $" (front matter: {error})" : "");
                    run.Line($"{entry.Path}{marks}{(entry.Summary is { } summary ? $"  — {summary}" : "")}");
                }

                return ExitCodes.Ok;
            });
    }

    public static Command Context()
    {
        var budget = new Option<int?>("--budget") { Description = $"Token budget (default {ContextBuilder.DefaultBudget})" };
        var session = new Option<string?>("--session") { Description = "Build it as this session (sesn_...) sees it: its stores, instructions and permissions" };
        var memoryTool = new Option<bool>("--memory-tool") { Description = "Include the memory-tool protocol (view memory first, record progress, assume interruption)" };
        var stores = new Option<string[]>("--stores")
        {
            Description = "Only these stores (names or ids; default: --store, else the session's stores, else every store you see but dreams' outputs)",
            AllowMultipleArgumentsPerToken = true,
        };
        return new Command("context", "Print the memory section for the start of a session, cut to a token budget").With(budget, session, memoryTool, stores).Handle(async (run, ct) =>
        {
            // The stores asked for: --stores, else --store (or ENGRAM_STORE); with neither, the library's default.
            var named = run.Parse.GetValue(stores) is { Length: > 0 } many ? many
                : run.Parse.GetValue(GlobalOptions.Store) is { } one ? [one]
                : [];
            var storeIds = new List<string>();
            foreach (var reference in named)
            {
                storeIds.Add((await run.StoreAsync(reference, ct)).Id);
            }

            var section = await run.Client().BuildContextAsync(new ContextRequest(
                run.Parse.GetValue(budget), storeIds, run.Parse.GetValue(session), run.Parse.GetValue(memoryTool)), ct);
            if (run.Json)
            {
                run.WriteJson(section.ToJson());
            }
            else
            {
                run.Out.Write(section.Text);
                Console.Error.WriteLine($"engram: {section.Tokens} of {section.Budget} tokens{(section.Truncated ? "; cut to the budget" : "")}");
            }

            return ExitCodes.Ok;
        });
    }

    private static bool? Staleness(CliRun run, Option<bool> stale, Option<bool> fresh) => (run.Parse.GetValue(stale), run.Parse.GetValue(fresh)) switch
    {
        (true, true) => throw new InvalidRequestException("--stale", "give --stale or --fresh, not both"),
        (true, false) => true,
        (false, true) => false,
        _ => null,
    };

    /// <summary>"stale " or "fresh " when a listing is narrowed to them, for the line that says it found nothing.</summary>
    private static string Kind(bool? stale) => stale switch
    {
        true => "stale ",
        false => "fresh ",
        null => "",
    };

    /// <summary>" under /org/" when a listing is narrowed to a directory.</summary>
    internal static string Under(string? prefix) => prefix is { Length: > 0 } and not "/" ? $" under {prefix.TrimEnd('/')}/" : "";
}
