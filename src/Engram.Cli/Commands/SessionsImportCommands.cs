using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Engram.Errors;
using Engram.Sessions;
using Engram.Wire;

namespace Engram.Cli.Commands;

/// <summary><c>engram sessions import|events|around|delete</c>: recorded conversations and their events.</summary>
internal static class SessionsImportCommands
{
    public static IEnumerable<Command> Build() => [Import(), Events(), Around(), Delete()];

    private static Command Import()
    {
        var path = new Argument<string?>("path") { Description = "A transcript file, or a directory of them (for example ~/.claude/projects)", Arity = ArgumentArity.ZeroOrOne };
        var format = new Option<string>("--format") { Description = "auto (default: detect each file), claude-code, events, messages, openai, codex, mini-swe-agent or swe-agent", DefaultValueFactory = _ => "auto" };
        var agent = new Option<string?>("--agent") { Description = "The agent to record (default: the model, for mini-swe-agent and swe-agent runs; else the format's name)" };
        var keepSecrets = new Option<bool>("--keep-secrets") { Description = "Store API keys, tokens, private keys and passwords as found (local mode; masked by default)" };
        var hook = new Option<bool>("--hook") { Description = "Run as an agent harness's hook (Claude Code SessionEnd, PreCompact): read its JSON payload on stdin and import the transcript it names; errors go to the log and exit 0" };
        var hookLog = new Option<string?>("--hook-log") { Description = "With --hook: the file each call adds a line to (default: $XDG_STATE_HOME/engram/hooks.log, or ~/.local/state/engram/hooks.log)" };
        var strict = new Option<bool>("--strict") { Description = "With --hook: exit with the error's code instead of 0" };
        return new Command("import", "Import transcripts: streaming, idempotent (an unchanged file is not read again; a grown one adds only its new events)")
            .With(path, format, agent, keepSecrets, hook, hookLog, strict).Handle(async (run, ct) =>
            {
                ImportOptions Prepare()
                {
                    if (run.Parse.GetValue(hook) == run.Parse.GetValue(path) is not null)
                    {
                        throw new InvalidRequestException("path", run.Parse.GetValue(hook)
                            ? "--hook reads the transcript's path from the hook's payload on stdin; give no PATH"
                            : "is required: a transcript file or a directory of them (or --hook, to read a hook's payload on stdin)");
                    }

                    if (run.Parse.GetValue(keepSecrets))
                    {
                        if (run.ServerUrl is not null)
                        {
                            throw new InvalidRequestException("--keep-secrets", "applies to local mode only; a server masks secrets by its own setting");
                        }

                        run.SessionOptions = new SessionOptions(MaskSecrets: false);
                    }

                    return new ImportOptions(run.Parse.GetValue(format), run.Parse.GetValue(agent));
                }

                if (run.Parse.GetValue(hook))
                {
                    // Even a mistake in the hook's own command line is logged rather than failing the agent.
                    await using var stdin = Console.OpenStandardInput();
                    return await new HookImport(run, run.Parse.GetValue(hookLog) ?? HookImport.DefaultLog(), run.Parse.GetValue(strict), Console.Error).RunAsync(stdin, Prepare, ct);
                }

                if (run.Parse.GetValue(hookLog) is not null || run.Parse.GetValue(strict))
                {
                    throw new InvalidRequestException(run.Parse.GetValue(strict) ? "--strict" : "--hook-log", "applies with --hook only");
                }

                var options = Prepare();
                var started = Stopwatch.GetTimestamp();
                using var display = new ImportDisplay(Console.IsErrorRedirected);
                var summary = await new TranscriptImporter(run.Client()).ImportAsync(run.Parse.GetValue(path)!, options, display, ct);
                display.Finish();
                var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
                run.Report(
                    new
                    {
                        files = summary.Files, bytes = summary.Bytes, seconds = Math.Round(seconds, 3), session_ids = summary.SessionIds.Order(StringComparer.Ordinal).ToList(),
                        new_sessions = summary.NewSessions, unchanged_files = summary.Unchanged, events_added = summary.EventsAdded,
                        events_already_held = summary.EventsAlreadyHeld, skipped = summary.Skipped.Select(s => new { file = s.File, line = s.Line, reason = s.Reason, unreadable = s.Unreadable }).ToList(),
                        unrecognized = summary.Unrecognized,
                    },
                    Describe(summary, seconds));
                return summary.Incomplete ? ExitCodes.Incomplete : ExitCodes.Ok;
            });
    }

    private static string Describe(ImportSummary summary, double seconds)
    {
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture,
                $"imported {Format.Count(summary.Files, "file")} ({Format.Size(summary.Bytes)}) in {seconds:N1} s: {Format.Count(summary.SessionIds.Count, "session")} ({summary.NewSessions:N0} new), {Format.Count(summary.EventsAdded, "event")} added, {summary.EventsAlreadyHeld:N0} already held, {Format.Count(summary.Unchanged, "file")} unchanged"),
        };
        if (summary.Skipped.Count > 0)
        {
            lines.Add($"skipped {Format.Count(summary.Skipped.Count, "record")}:");
            lines.AddRange(summary.Skipped.Select(s => $"  {s.File}:{s.Line}: {s.Reason}"));
        }

        lines.AddRange(summary.Unrecognized.Select(f => $"not a transcript format Engram reads: {f}"));
        if (summary.Incomplete)
        {
            lines.Add($"incomplete: {Format.Count(summary.Skipped.Count(s => s.Unreadable), "file")} could not be read, so what they hold is not imported (exit 9)");
        }

        return string.Join('\n', lines);
    }

    private static Command Events()
    {
        var id = new Argument<string>("session") { Description = "sesn_..." };
        var limit = new Option<int?>("--limit") { Description = "Events per page (at most 1,000; default 20)" };
        var page = new Option<string?>("--page") { Description = "next_page from an earlier call" };
        var raw = new Option<bool>("--raw") { Description = "Include each event's original record" };
        return new Command("events", "A session's events in order").With(id, limit, page, raw).Handle(async (run, ct) =>
        {
            var result = await run.Client().ListEventsAsync(run.Parse.GetValue(id)!, run.Parse.GetValue(limit), run.Parse.GetValue(page), run.Parse.GetValue(raw), ct);
            if (run.Json)
            {
                run.WriteJson(new PageJson<SessionEventJson>(result.Data.Select(e => e.ToJson(run.Parse.GetValue(raw))).ToList(), result.NextPage));
                return ExitCodes.Ok;
            }

            foreach (var stored in result.Data)
            {
                run.Line(Line(stored));
            }

            if (result.NextPage is { } next)
            {
                run.Line($"more: --page {next}");
            }

            return ExitCodes.Ok;
        });
    }

    private static Command Around()
    {
        var version = new Argument<string>("version") { Description = "memver_... written in a session" };
        var before = new Option<int>("--before") { Description = "Events before the write (at most 100)", DefaultValueFactory = _ => 10 };
        var after = new Option<int>("--after") { Description = "Events from the write on (at most 100)", DefaultValueFactory = _ => 5 };
        return new Command("around", "The conversation around a version: the events of the session that wrote it, near the write").With(version, before, after).Handle(async (run, ct) =>
        {
            var store = await run.StoreAsync(ct);
            var versionId = run.Parse.GetValue(version)!;
            var events = await run.Client().EventsAroundVersionAsync(store.Id, versionId, run.Parse.GetValue(before), run.Parse.GetValue(after), ct);
            return run.Report(
                events.Select(e => e.ToJson(withRaw: false)).ToList(),
                events.Count > 0 ? string.Join('\n', events.Select(Line)) : $"no events around {versionId}: the session that wrote it has recorded none (its agent sends them through the API)");
        });
    }

    private static Command Delete()
    {
        var id = new Argument<string>("session") { Description = "sesn_..." };
        return new Command("delete", "Delete a session and its events (versions keep the session id they recorded)").With(id).Handle(async (run, ct) =>
        {
            var sessionId = run.Parse.GetValue(id)!;
            await run.Client().DeleteSessionAsync(sessionId, ct);
            return run.Report(new DeletedJson("session_deleted", sessionId), $"deleted {sessionId}");
        });
    }

    /// <summary>One event on one line: position, time, kind, and the start of what it says.</summary>
    private static string Line(StoredEvent stored)
    {
        const int Shown = 100; // a terminal line
        var e = stored.Event;
        var what = e.Kind switch
        {
            TranscriptEventKind.ToolUse => $"{e.ToolName} {e.ToolInput}",
            TranscriptEventKind.ToolResult => $"{(e.IsError ? "ERROR " : "")}{(e.ExitCode is { } exit ? $"[exit {exit}] " : "")}{e.Text}",
            _ => e.Text ?? "",
        };
        what = what.ReplaceLineEndings(" ");
        return $"{stored.Index,6}  {Format.Time(e.Timestamp)}  {SessionMapping.Name(e.Kind),-13} {(e.OffPath ? "(off path) " : "")}{(what.Length > Shown ? what[..Shown] + "…" : what)}";
    }

    /// <summary>
    /// Progress on a terminal (one line rewritten in place), or a plain line every few seconds elsewhere; nothing for an
    /// import done before the first would be due (a line of zeros says nothing), and nothing once finished, so the
    /// summary is the last word.
    /// </summary>
    private sealed class ImportDisplay(bool redirected) : IProgress<ImportProgress>, IDisposable
    {
        private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(200);
        private static readonly TimeSpan PlainEvery = TimeSpan.FromSeconds(5);
        private readonly long _started = Stopwatch.GetTimestamp();
        private readonly ProgressLine _line = new(redirected);
        private readonly Lock _gate = new();
        private long _last;
        private bool _finished;

        public void Report(ImportProgress value)
        {
            lock (_gate)
            {
                var now = Stopwatch.GetTimestamp();
                if (_finished || Stopwatch.GetElapsedTime(_last == 0 ? _started : _last, now) < (redirected ? PlainEvery : Every))
                {
                    return;
                }

                _last = now;
                var seconds = Math.Max(Stopwatch.GetElapsedTime(_started, now).TotalSeconds, 0.001);
                _line.Show(string.Create(CultureInfo.InvariantCulture,
                    $"{value.FilesDone:N0}/{value.Files:N0} files, {Format.Size(value.BytesDone)} of {Format.Size(value.Bytes)} ({Format.Size((long)(value.BytesDone / seconds))}/s), {Format.Count(value.EventsAdded, "event")} added"));
            }
        }

        public void Finish()
        {
            lock (_gate)
            {
                _finished = true;
                _line.Finish();
            }
        }

        public void Dispose() => Finish();
    }
}
