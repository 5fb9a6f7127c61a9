using System.CommandLine;
using Engram.Client;
using Engram.Errors;
using Engram.Memories;
using Engram.Wire;

namespace Engram.Cli.Commands;

internal static class StoreCommands
{
    public static Command Build() => new Command("store", "Create, list, show, update, archive and delete memory stores")
        .With(Create(), List(), Show(), Update(), Archive(), Delete());

    private static Command Create()
    {
        var name = new Argument<string>("name") { Description = "Store name (1-255 characters)" };
        var description = new Option<string?>("--description", "-d") { Description = "What the store holds; shown to agents (<= 1,024 characters)" };
        var metadata = MetadataOption("Metadata pair KEY=VALUE (repeatable)");
        return new Command("create", "Create a store").With(name, description, metadata).Handle(async (run, ct) =>
        {
            var store = await run.Client().CreateStoreAsync(
                new CreateStoreRequest(run.Parse.GetValue(name), run.Parse.GetValue(description), ParsePairs(run.Parse.GetValue(metadata))), ct);
            Print(run, store, $"Created store {store.Name} ({store.Id})");
            return ExitCodes.Ok;
        });
    }

    private static Command List()
    {
        var archived = new Option<bool>("--include-archived") { Description = "Include archived stores" };
        var limit = new Option<int?>("--limit") { Description = "One page of at most N stores (default: every store)" };
        var page = new Option<string?>("--page") { Description = "Continue from a next_page token" };
        var everything = new Option<bool>("--all") { Description = "Include the stores dreams wrote (create_new outputs)" };
        return new Command("list", "List stores, newest first; the stores dreams wrote only with --all").With(archived, limit, page, everything).Handle(async (run, ct) =>
        {
            Page<MemoryStore> result;
            if (run.Parse.GetValue(limit) is null && run.Parse.GetValue(page) is null)
            {
                var all = new List<MemoryStore>();
                await foreach (var store in StoreResolver.ListAllAsync(run.Client(), run.Parse.GetValue(archived), ct))
                {
                    all.Add(store);
                }

                result = new Page<MemoryStore>(all, null);
            }
            else
            {
                result = await run.Client().ListStoresAsync(new StoreListQuery(run.Parse.GetValue(limit), run.Parse.GetValue(page), run.Parse.GetValue(archived)), ct);
            }

            var hidden = run.Parse.GetValue(everything) ? 0 : result.Data.Count(Dreaming.Dreams.DreamOutputs.IsDreamOutput);
            if (hidden > 0)
            {
                result = result with { Data = [.. result.Data.Where(s => !Dreaming.Dreams.DreamOutputs.IsDreamOutput(s))] };
            }

            if (run.Json)
            {
                run.WriteJson(result.ToJson(s => s.ToJson()));
                return ExitCodes.Ok;
            }

            if (result.Data.Count == 0 && hidden == 0)
            {
                run.Line($"No stores yet. Create one: {Invocation.Command} store create NAME");
            }

            foreach (var store in result.Data)
            {
                run.Line($"{store.Id}  {Format.Time(store.CreatedAt)}  {store.Name}{(store.IsArchived ? "  (archived)" : "")}");
            }

            if (hidden > 0)
            {
                run.Line($"({hidden} {(hidden == 1 ? "store" : "stores")} written by dreams not shown: {Invocation.Command} store list --all)");
            }

            if (result.NextPage is not null)
            {
                run.Line($"more: --page {result.NextPage}");
            }

            return ExitCodes.Ok;
        });
    }

    private static Command Show()
    {
        var reference = StoreArgument();
        return new Command("show", "Show a store").With(reference).Handle(async (run, ct) =>
        {
            var store = await run.StoreAsync(run.Parse.GetValue(reference), ct);
            Print(run, store, null);
            return ExitCodes.Ok;
        });
    }

    private static Command Update()
    {
        var reference = StoreArgument();
        var name = new Option<string?>("--name") { Description = "New name" };
        var description = new Option<string?>("--description", "-d") { Description = "New description (\"\" clears it)" };
        var set = MetadataOption("Set metadata KEY=VALUE (repeatable; other keys keep their values)");
        var unset = new Option<string[]>("--unset") { Description = "Remove a metadata key (repeatable)", AllowMultipleArgumentsPerToken = false };
        return new Command("update", "Change a store's name, description or metadata").With(reference, name, description, set, unset).Handle(async (run, ct) =>
        {
            var store = await run.StoreAsync(run.Parse.GetValue(reference), ct);
            var patch = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var (key, value) in ParsePairs(run.Parse.GetValue(set)))
            {
                patch[key] = value;
            }

            foreach (var key in run.Parse.GetValue(unset) ?? [])
            {
                patch[key] = null;
            }

            var updated = await run.Client().UpdateStoreAsync(store.Id, new UpdateStoreRequest(run.Parse.GetValue(name), run.Parse.GetValue(description), patch), ct);
            Print(run, updated, $"Updated store {updated.Name} ({updated.Id})");
            return ExitCodes.Ok;
        });
    }

    private static Command Archive()
    {
        var reference = StoreArgument();
        return new Command("archive", "Archive a store for good: afterwards its memories can be read, deleted and redacted, not written").With(reference).Handle(async (run, ct) =>
        {
            var store = await run.StoreAsync(run.Parse.GetValue(reference), ct);
            var archived = await run.Client().ArchiveStoreAsync(store.Id, ct);
            Print(run, archived, $"Archived store {archived.Name} ({archived.Id})");
            return ExitCodes.Ok;
        });
    }

    private static Command Delete()
    {
        var reference = StoreArgument();
        var yes = new Option<bool>("--yes", "-y") { Description = "Confirm: the store, its memories and every version are deleted for good" };
        return new Command("delete", "Delete a store with its memories and versions").With(reference, yes).Handle(async (run, ct) =>
        {
            var store = await run.StoreAsync(run.Parse.GetValue(reference), ct);
            if (!run.Parse.GetValue(yes))
            {
                throw new InvalidRequestException("--yes", $"deleting store {store.Name} ({store.Id}) removes its memories and history for good; pass --yes to confirm");
            }

            await run.Client().DeleteStoreAsync(store.Id, ct);
            return run.Report(new Dictionary<string, string> { ["type"] = "memory_store_deleted", ["id"] = store.Id }, $"Deleted store {store.Name} ({store.Id})");
        });
    }

    private static Argument<string?> StoreArgument() => new("store")
    {
        Description = "Store id or name (default: --store, else the only store)",
        Arity = ArgumentArity.ZeroOrOne,
        DefaultValueFactory = parse => parse.GetValue(GlobalOptions.Store),
    };

    private static Option<string[]> MetadataOption(string description) => new("--metadata", "-m") { Description = description };

    private static Dictionary<string, string> ParsePairs(string[]? pairs)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs ?? [])
        {
            var split = pair.IndexOf('=', StringComparison.Ordinal);
            if (split <= 0)
            {
                throw new InvalidRequestException("--metadata", $"must be KEY=VALUE (got \"{pair}\")");
            }

            result[pair[..split]] = pair[(split + 1)..];
        }

        return result;
    }

    private static void Print(CliRun run, MemoryStore store, string? headline)
    {
        if (run.Json)
        {
            run.WriteJson(store.ToJson());
            return;
        }

        if (headline is not null)
        {
            run.Line(headline);
            return;
        }

        run.Line($"id:          {store.Id}");
        run.Line($"name:        {store.Name}");
        run.Line($"description: {store.Description}");
        run.Line($"created:     {Format.Time(store.CreatedAt)}");
        run.Line($"updated:     {Format.Time(store.UpdatedAt)}");
        run.Line($"archived:    {(store.ArchivedAt is null ? "no" : Format.Time(store.ArchivedAt))}");
        foreach (var (key, value) in store.Metadata)
        {
            run.Line($"metadata:    {key}={value}");
        }
    }
}
