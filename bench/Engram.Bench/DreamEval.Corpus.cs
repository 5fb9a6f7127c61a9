using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using Engram.Access;
using Engram.Client;
using Engram.Dreaming.Dreams;
using Engram.Dreaming.Synthesis;
using Engram.Memories;
using Engram.Semantic;
using Engram.Sessions;
using Engram.Sqlite;

namespace Engram.Bench;

internal static partial class DreamEval
{
    /// <summary>The model the CLI asks for by default; with no model client configured the rules alone analyse, as they would for a user without a key.</summary>
    private const string DreamModelId = "claude-sonnet-4-5";

    private const string UserId = "user_bench";

    /// <summary>One corpus, start to end, in its own engine and temporary folder; the report goes to the console.</summary>
    private static async Task<CorpusResult> EvaluateAsync(CorpusExpectations corpus, string root, string corpora, MiniLmEmbedder embedder)
    {
        Console.WriteLine();
        Console.WriteLine($"## {corpus.Name}");
        Console.WriteLine();
        Console.WriteLine(corpus.Description);
        Console.WriteLine();
        var work = Path.Combine(Path.GetTempPath(), $"engram-bench-dream-eval-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        try
        {
            var (path, skipped) = await MaterializeAsync(corpus, root, corpora, Path.Combine(work, "corpus"));
            if (path is null)
            {
                Console.WriteLine($"**skipped**: {skipped}");
                return CorpusResult.Skipped(corpus.Name, skipped);
            }

            await using var engine = new EngramEngine(
                SqliteMemoryStorage.Open(new SqliteStorageOptions(Path.Combine(work, "engram.db")) { Durability = Durability.Normal }),
                dreams: new DreamOptions { Synthesizer = new DreamSynthesizer(embedder: embedder) });
            await engine.Access.BootstrapAsync(UserId, "bench", None);
            var caller = Caller.LocalOperator(UserId);
            var watch = Stopwatch.StartNew();
            var imported = await new TranscriptImporter(new LocalEngramClient(engine, caller, ownsEngine: false)).ImportAsync(path, new ImportOptions(), null, None);
            var importSeconds = watch.Elapsed.TotalSeconds;
            var sessions = imported.SessionIds.Order(StringComparer.Ordinal).ToList();
            if (sessions.Count == 0)
            {
                Console.WriteLine($"**skipped**: no session imported ({imported.Files} files, {imported.Unrecognized.Count} unrecognized)");
                return CorpusResult.Skipped(corpus.Name, "no session imported");
            }

            var dream = await DreamAsync(engine, caller, "eval", sessions, instructions: null);
            Console.WriteLine(Invariant(
                $"sessions imported: {sessions.Count:N0} ({Count(imported.Files, "file")}, {imported.Unrecognized.Count:N0} unrecognized, {Count(imported.Skipped.Count, "record")} skipped); events: {imported.EventsAdded:N0}; import: {importSeconds:N1} s; dream: {dream.Seconds:N1} s ({DreamStatusNames.Of(dream.Dream.Status)}, {Count(dream.Dream.Progress.SessionsAnalyzed, "session")} read, {Count(dream.Proposals.Count, "proposal")}, {Count(dream.Considered.Count, "pattern")} considered)"));
            if (dream.Dream.Error is { } error)
            {
                Console.WriteLine($"**the dream ended {DreamStatusNames.Of(dream.Dream.Status)}**: {error.Type}: {error.Message}");
            }

            var found = ReportExpected(corpus, dream);
            ReportNotExpected(corpus, dream);
            var unexpected = ReportUnexpected(corpus, dream);
            var steeringSeconds = await ReportSteeringAsync(corpus, engine, caller, sessions, dream);
            await ReportAcceptanceAsync(engine, caller, dream);
            return new CorpusResult(corpus.Name, null, sessions.Count, found.Found, corpus.Expected.Count, dream.Proposals.Count, found.Acceptable, unexpected,
                importSeconds, dream.Seconds, steeringSeconds);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>The folder to import: an archive extracted into <paramref name="target"/> (no external <c>tar</c>), or a directory relative to the repository root; or null and why not.</summary>
    private static async Task<(string? Path, string Why)> MaterializeAsync(CorpusExpectations corpus, string root, string corpora, string target)
    {
        if (corpus.Archive is { } archive)
        {
            var file = Path.Combine(corpora, archive);
            if (!File.Exists(file))
            {
                return (null, $"archive {archive} is not in the corpora folder");
            }

            Directory.CreateDirectory(target);
            try
            {
                await using var stream = File.OpenRead(file);
                await using var gzip = new GZipStream(stream, CompressionMode.Decompress);
                await TarFile.ExtractToDirectoryAsync(gzip, target, overwriteFiles: false, None);
            }
            catch (InvalidDataException e)
            {
                return (null, $"archive {archive} could not be read: {e.Message}");
            }

            return (target, "");
        }

        if (corpus.Directory is { } directory)
        {
            var folder = Path.GetFullPath(Path.Combine(root, directory));
            return Directory.Exists(folder) ? (folder, "") : (null, $"directory {directory} does not exist beside the repository");
        }

        return (null, "the expectations name neither an archive nor a directory");
    }

    /// <summary>A rule-based dream over <paramref name="sessions"/> on a store of its own, so no earlier dream's pending proposals hold its patterns back.</summary>
    private static async Task<DreamReadback> DreamAsync(EngramEngine engine, Caller caller, string storeName, IReadOnlyList<string> sessions, string? instructions)
    {
        var store = await engine.Memories.CreateStoreAsync(caller, new CreateStoreRequest(storeName, "dream evaluation", null), None);
        var watch = Stopwatch.StartNew();
        var dream = await engine.Dreams.CreateAsync(caller, new CreateDreamRequest(store.Id, new SessionSelection(sessions), new DreamModel(DreamModelId), instructions), None);
        var ended = await engine.DreamRunner.RunAsync(dream.Id, null, None);
        var seconds = watch.Elapsed.TotalSeconds;
        return await DreamReadback.ReadAsync(engine, caller, ended, seconds, None);
    }

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);

    /// <summary><c>1 session</c>, <c>2 sessions</c>.</summary>
    private static string Count(int count, string noun) => Invariant($"{count:N0} {noun}{(count == 1 ? "" : "s")}");
}
