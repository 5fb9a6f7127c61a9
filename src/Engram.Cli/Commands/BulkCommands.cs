using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Engram.Bulk;
using Engram.Client;
using Engram.Errors;

namespace Engram.Cli.Commands;

/// <summary><c>engram import DIR</c> and <c>engram export DIR</c>: a directory of markdown into a store and back.</summary>
internal static class BulkCommands
{
    /// <summary>Skipped entries listed in the text summary; --json lists them all.</summary>
    private const int SkippedShown = 20;

    public static IEnumerable<Command> Build() => [Import(), Export()];

    private static Command Import()
    {
        var directory = new Argument<string>("dir") { Description = "A directory of markdown files (.md, .markdown, .mdx, .txt): Claude Code memory, an Obsidian vault, basic-memory, Letta" };
        var prefix = new Option<string?>("--prefix") { Description = "The store path the directory lands under (default /)" };
        var reason = new Option<string?>("--reason") { Description = "The reason on every version (default: imported from RELATIVE/PATH.md)" };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace memories changed in the store since they were imported (or never imported) with the files' content" };
        var noEmbed = new Option<bool>("--no-embed") { Description = "Locally, leave the memories queued for embedding (engram embeddings --wait embeds them later) rather than embed them before exiting" };
        return new Command("import", "Load a directory of markdown into a store: one memory per file at its relative path, front matter kept; resumable (an unchanged file writes nothing)")
            .With(directory, prefix, reason, overwrite, noEmbed).Handle(async (run, ct) =>
            {
                var store = await run.StoreAsync(ct);
                var started = Stopwatch.GetTimestamp();
                BulkImportSummary summary;
                using (var display = new Display(Console.IsErrorRedirected))
                {
                    summary = await new BulkImporter(run.Client()).ImportAsync(
                        store.Id, run.Parse.GetValue(directory)!, new BulkImportOptions(run.Parse.GetValue(prefix), run.Parse.GetValue(reason)) { Overwrite = run.Parse.GetValue(overwrite) }, display, ct);
                }

                var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

                // Locally no worker embeds what was written (a server's does): embed it now, where semantic search is on.
                // Stopping here loses nothing: the import is stored and the rest stay queued.
                if (run.Client() is LocalEngramClient && !run.Parse.GetValue(noEmbed))
                {
                    try
                    {
                        await EmbeddingsCommand.EmbedAsync(run, store, ct);
                    }
                    catch (PermissionDeniedException)
                    {
                        // Only store admins embed on demand; the memories stay queued for one who does.
                    }
                }

                run.Report(
                    new
                    {
                        memory_store_id = store.Id, files = summary.Files, written = summary.Written, created = summary.Created, updated = summary.Updated,
                        unchanged = summary.Unchanged, seconds = Math.Round(seconds, 3),
                        proposed = summary.Proposed.Select(p => new { file = p.File, path = p.Path, proposal_id = p.ProposalId }).ToList(),
                        skipped = summary.Skipped.Select(s => new { file = s.File, reason = s.Reason }).ToList(),
                        failed = summary.Failed.Select(f => new { file = f.File, reason = f.Reason }).ToList(),
                        conflicts = summary.Conflicts.Select(c => new { file = c.File, reason = c.Reason }).ToList(),
                        kept = summary.Kept.Select(k => new { file = k.File, reason = k.Reason }).ToList(),
                    },
                    Describe(summary, store.Name, seconds));
                return summary.Conflicts.Count > 0 ? ExitCodes.Conflict : summary.Incomplete ? ExitCodes.Incomplete : summary.Proposed.Count > 0 ? ExitCodes.Proposed : ExitCodes.Ok;
            });
    }

    private static string Describe(BulkImportSummary summary, string store, double seconds)
    {
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture,
                $"read {Format.Count(summary.Files, "file")} for {store} in {seconds:N1} s: {summary.Written:N0} written ({summary.Created:N0} new, {summary.Updated:N0} updated), {summary.Unchanged:N0} unchanged, {summary.Proposed.Count:N0} proposed, {summary.Failed.Count:N0} failed{(summary.Conflicts.Count + summary.Kept.Count > 0 ? $", {summary.Conflicts.Count:N0} conflicting, {summary.Kept.Count:N0} kept" : "")}; {summary.Skipped.Count:N0} skipped without reading"),
        };
        lines.AddRange(summary.Conflicts.Select(c => $"conflict {c.File}: {c.Reason}"));
        lines.AddRange(summary.Kept.Select(k => $"kept {k.File}: {k.Reason}"));
        lines.AddRange(summary.Proposed.Select(p => $"proposed {p.Path}: you may only propose there; proposal {p.ProposalId} waits for review"));
        if (summary.Skipped.Count > 0)
        {
            lines.Add($"skipped {summary.Skipped.Count:N0}:");
            lines.AddRange(summary.Skipped.Take(SkippedShown).Select(s => $"  {s.File}: {s.Reason}"));
            if (summary.Skipped.Count > SkippedShown)
            {
                lines.Add($"  ... and {summary.Skipped.Count - SkippedShown:N0} more (--json lists them all)");
            }
        }

        if (summary.Failed.Count > 0)
        {
            lines.Add($"failed {Format.Count(summary.Failed.Count, "file")}:");
            lines.AddRange(summary.Failed.Select(f => $"  {f.File}: {f.Reason}"));
            lines.Add("incomplete: fix the files that failed and run the import again; files already imported are not written again (exit 9)");
        }

        return string.Join('\n', lines);
    }

    private static Command Export()
    {
        var directory = new Argument<string>("dir") { Description = "A new or empty directory to write the memories into" };
        var prefix = new Option<string?>("--prefix") { Description = "Export only the memories under this store path, written relative to it (default /)" };
        var force = new Option<bool>("--force") { Description = "Write into a directory that is not empty, replacing files at the memories' paths" };
        return new Command("export", "Write a store out as a directory of markdown, each memory's content (front matter included) at its path; engram import loads it back")
            .With(directory, prefix, force).Handle(async (run, ct) =>
            {
                var store = await run.StoreAsync(ct);
                var target = run.Parse.GetValue(directory)!;
                var summary = await new BulkExporter(run.Client()).ExportAsync(store.Id, target, run.Parse.GetValue(prefix), run.Parse.GetValue(force), cancellationToken: ct);
                var lines = new List<string> { $"exported {summary.Written:N0} {(summary.Written == 1 ? "memory" : "memories")} ({Format.Size(summary.Bytes)}) from {store.Name} to {target}" };
                lines.AddRange(summary.Skipped.Select(s => $"skipped {s.File}: {s.Reason}"));
                lines.AddRange(summary.Failed.Select(f => $"failed  {f.File}: {f.Reason}"));
                run.Report(
                    new
                    {
                        memory_store_id = store.Id, directory = Path.GetFullPath(target), written = summary.Written, bytes = summary.Bytes,
                        skipped = summary.Skipped.Select(s => new { path = s.File, reason = s.Reason }).ToList(),
                        failed = summary.Failed.Select(f => new { path = f.File, reason = f.Reason }).ToList(),
                    },
                    string.Join('\n', lines));
                return summary.Incomplete ? ExitCodes.Incomplete : ExitCodes.Ok;
            });
    }

    /// <summary>Progress on stderr, rewritten in place on a terminal or a plain line every few seconds elsewhere; nothing for a quick import.</summary>
    private sealed class Display(bool redirected) : IProgress<BulkImportProgress>, IDisposable
    {
        private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(200);
        private static readonly TimeSpan PlainEvery = TimeSpan.FromSeconds(5);
        private readonly long _started = Stopwatch.GetTimestamp();
        private readonly ProgressLine _line = new(redirected);
        private long _last;

        public void Report(BulkImportProgress value)
        {
            var now = Stopwatch.GetTimestamp();
            if (Stopwatch.GetElapsedTime(_last == 0 ? _started : _last, now) < (redirected ? PlainEvery : Every))
            {
                return;
            }

            _last = now;
            var seconds = Math.Max(Stopwatch.GetElapsedTime(_started, now).TotalSeconds, 0.001);
            _line.Show(string.Create(CultureInfo.InvariantCulture,
                $"{value.Done:N0}/{value.Files:N0} files, {value.Written:N0} written ({value.Written / seconds:N0}/s), {value.Unchanged:N0} unchanged, {value.Failed:N0} failed"));
        }

        public void Dispose() => _line.Finish();
    }
}
