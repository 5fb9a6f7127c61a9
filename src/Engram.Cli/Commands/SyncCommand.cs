using System.CommandLine;
using Engram.Errors;
using Engram.Memories;
using Engram.Sync;

namespace Engram.Cli.Commands;

/// <summary><c>engram sync DIR</c>: a directory kept in step with a store, both ways (docs/SYNC.md).</summary>
internal static class SyncCommand
{
    public static Command Build()
    {
        var directory = new Argument<string>("dir") { Description = "The directory to keep in step with the store (created if missing)" };
        var once = new Option<bool>("--once") { Description = "One pass, then exit (default: keep watching)" };
        var poll = new Option<double>("--poll") { Description = "Seconds between looks at the store while watching", DefaultValueFactory = _ => 2.0 };
        var state = new Option<string?>("--state") { Description = "Where to keep the sync state, outside DIR (default: $XDG_STATE_HOME/engram/sync, or ~/.local/state/engram/sync)" };
        return new Command("sync", "Keep a directory and a store in step: local edits pushed with preconditions, store changes pulled, conflicts kept beside their file")
            .With(directory, once, poll, state)
            .Handle(async (run, ct) =>
            {
                var store = await StoreAsync(run, run.Parse.GetValue(directory)!, run.Parse.GetValue(state), ct);
                var sync = new StoreSync(run.Client(), store.Id, run.Parse.GetValue(directory)!, stateHome: run.Parse.GetValue(state));
                if (run.Parse.GetValue(once))
                {
                    var report = await sync.RunOnceAsync(ct);
                    Print(run, report);
                    return ExitCodes.For(report.Outcome);
                }

                run.Line($"watching {Path.GetFullPath(run.Parse.GetValue(directory)!)} <-> {store.Name} ({store.Id}); Ctrl+C to stop");
                try
                {
                    await sync.WatchAsync(TimeSpan.FromSeconds(run.Parse.GetValue(poll)), TimeSpan.FromMilliseconds(100), report =>
                    {
                        if (report.Changed || report.Problems.Count > 0 || report.Notices.Count > 0)
                        {
                            Print(run, report);
                        }
                    }, ct);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    // Ctrl+C: every change made so far is recorded; the next run resumes from there.
                }

                return ExitCodes.Ok;
            });
    }

    /// <summary>The store named with --store, else the one the directory was last synced with, else the only working store.</summary>
    private static async Task<MemoryStore> StoreAsync(CliRun run, string directory, string? stateHome, CancellationToken cancellationToken)
    {
        var named = run.Parse.GetValue(GlobalOptions.Store);
        var synced = named is null ? SyncState.StoreIdOf(directory, stateHome) : null;
        try
        {
            return await run.StoreAsync(named ?? synced, cancellationToken);
        }
        catch (NotFoundException) when (synced is not null)
        {
            throw new InvalidRequestException("dir", $"{directory} is synced with store {synced}, which is gone or which you cannot see; sync another directory");
        }
    }

    private static void Print(CliRun run, SyncReport report)
    {
        if (run.Json)
        {
            run.WriteJson(new
            {
                pushed = report.Pushed, pulled = report.Pulled, deleted_here = report.DeletedHere, deleted_there = report.DeletedThere,
                conflicts = report.Conflicts.Select(c => new { path = c.Path, kept_as = c.KeptAs }), proposals = report.Proposals.Select(p => new { path = p.Path, proposal_id = p.ProposalId }),
                read_only = report.ReadOnly, problems = report.Problems.Select(p => new { path = p.Path, reason = p.Reason }),
                not_mirrored = report.NotMirrored.Select(p => new { path = p.Path, reason = p.Reason }), notices = report.Notices,
            });
            return;
        }

        var lines = report.Notices.Select(notice => $"note     {notice}")
            .Concat(report.Pushed.Select(path => $"pushed   {path}"))
            .Concat(report.Pulled.Select(path => $"pulled   {path}"))
            .Concat(report.DeletedHere.Select(path => $"removed  {path} (deleted in the store)"))
            .Concat(report.DeletedThere.Select(path => $"deleted  {path} in the store"))
            .Concat(report.Conflicts.Select(c => $"conflict {c.Path}: the store's version is at the path, your edit is kept in {c.KeptAs}"))
            .Concat(report.Proposals.Select(p => $"proposed {p.Path}: you may not write it; proposal {p.ProposalId} was filed for review"))
            .Concat(report.ReadOnly.Select(path => $"readonly {path}: you may not write it; the store's version is back and the file is read-only"))
            .Concat(report.NotMirrored.Select(p => $"skipped  {p.Path}: {p.Reason}; the memory stays in the store, untouched"))
            .Concat(report.Problems.Select(p => $"problem  {p.Path}: {p.Reason}"));
        foreach (var line in lines)
        {
            run.Line(line);
        }

        if (!report.Changed && report.Problems.Count == 0)
        {
            run.Line("in step");
        }
    }
}
