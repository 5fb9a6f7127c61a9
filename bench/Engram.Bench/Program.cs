using Engram.Bench;

// Usage: dotnet run -c Release --project bench/Engram.Bench -- <benchmark> [--seconds N]
// Benchmarks: writes (durable write throughput beside raw fsync+rename and git commit per write),
// http (requests/s and latency over loopback beside the same operations in-process),
// policy (evaluation against 1,000 rules; a 10,000-memory listing filtered by policy beside storage),
// search [--memories N] [--semantic N] [--vectors-only] (BM25 beside ripgrep, incremental update, semantic and hybrid at 10,000 and N memories per way of scanning vectors with recall against the exact scan, the memory section),
// embed [--memories N] [--sweep] (embedding throughput: the package's encoder as the indexer used it beside Engram's encoder for each model and setting),
// sync [--memories N] (first checkout beside writing the files directly; save-to-version latency while watching),
// dream [--sessions N] (a rule-based dream over N generated sessions of ~100 events, and N/5, beside reading every event; working set),
// dream-tokens [--sessions N] (tokens the model path sends per session beside the whole transcript plus the whole store, per session and once per batch),
// bulk [--memories N] (engram import of N markdown files, local and over HTTP, beside a loop of single writes; a no-op rerun; export),
// import [--gigabytes G] [--durability-normal] [--no-mask] (transcript import beside reading and parsing the same files; working set throughout),
// oracle [--rounds N] (whether response time tells an agent an unreadable memory exists: unreadable beside missing, interleaved),
// ui [--runs N] (the inbox with 1,000 pending proposals and a memory page with 500 versions through the server, beside the JSON API's list calls),
// dream-eval [--corpora DIR] (real corpora imported and dreamed over, proposals against bench/expectations/dream-eval.json; DIR defaults to ../shared/corpora beside the repository),
// postgres [--seconds S] [--memories N] (bench/postgres.sh: writes with 1 and 16 writers on PostgreSQL, one node and two, beside SQLite and the raw-file floor; HTTP through two nodes beside one; BM25 at N memories beside SQLite),
// locomo [--file PATH] [--model NAME] [--conversations N] [--rankings FILE] (retrieval recall@5/10/25/50 on LoCoMo, keyword/semantic/hybrid beside a plain BM25; PATH defaults to ../shared/corpora/locomo-dev.json).
var name = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "writes";
var seconds = args.SkipWhile(a => a != "--seconds").Skip(1).Select(double.Parse).FirstOrDefault(5.0);
var duration = TimeSpan.FromSeconds(seconds);

switch (name)
{
    case "writes":
        await WriteThroughput.RunAsync(duration);
        return 0;
    case "http":
        await HttpOverhead.RunAsync(duration);
        return 0;
    case "policy":
        await PolicyCost.RunAsync();
        return 0;
    case "search":
        await SearchCost.RunAsync(Option("--memories", 100_000), Option("--semantic", 2_000), args.Contains("--vectors-only"));
        return 0;
    case "embed":
        EmbedCost.Run(Option("--memories", 300), args.Contains("--sweep"));
        return 0;
    case "import":
        await ImportCost.RunAsync(
            args.SkipWhile(a => a != "--gigabytes").Skip(1).Select(a => double.Parse(a, System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault(1.0),
            args.Contains("--durability-normal") ? Engram.Sqlite.Durability.Normal : Engram.Sqlite.Durability.Full,
            mask: !args.Contains("--no-mask"));
        return 0;
    case "bulk":
        await BulkCost.RunAsync(Option("--memories", 10_000));
        return 0;
    case "dream":
        await DreamCost.RunAsync(Option("--sessions", 10_000));
        return 0;
    case "sync":
        await SyncCost.RunAsync(Option("--memories", 10_000));
        return 0;
    case "dream-tokens":
        await DreamTokens.RunAsync(Option("--sessions", 200));
        return 0;
    case "oracle":
        await OracleTiming.RunAsync(Option("--rounds", 200));
        return 0;
    case "ui":
        await UiCost.RunAsync(Option("--runs", 200));
        return 0;
    case "dream-eval":
        return await DreamEval.RunAsync([.. args.SkipWhile(a => a != name).Skip(1)]);
    case "locomo":
        return await LocomoEval.RunAsync([.. args.SkipWhile(a => a != name).Skip(1)]);
    case "postgres":
        await PostgresScale.RunAsync(duration, Option("--memories", 100_000));
        return 0;
    default:
        Console.Error.WriteLine($"unknown benchmark '{name}'; known: writes, http, policy, search, embed, bulk, import, sync, dream, dream-tokens, oracle, ui, dream-eval, locomo, postgres");
        return 2;
}

int Option(string option, int fallback) =>
    args.SkipWhile(a => a != option).Skip(1).Select(a => int.Parse(a, System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault(fallback);
