using System.Globalization;
using System.Text;
using System.Text.Json;
using Engram.Errors;
using Engram.Sessions;

namespace Engram.Cli.Commands;

/// <summary>
/// <c>engram sessions import --hook</c>: what an agent harness's hook runs (Claude Code's <c>SessionEnd</c> and
/// <c>PreCompact</c>). It reads the hook's JSON payload on standard input and imports that session's transcript, adding
/// only what the session does not hold yet, within <see cref="Budget"/>. It never fails the agent: what each call did,
/// or why it did nothing, is one line in the log, and it exits 0 unless <c>--strict</c> asks for the error's code.
/// </summary>
internal sealed class HookImport(CliRun run, string? log, bool strict, TextWriter error)
{
    /// <summary>How long to wait for the payload: a harness writes it at once, and may never close standard input after it.</summary>
    internal static readonly TimeSpan PayloadWait = TimeSpan.FromSeconds(10);

    /// <summary>The whole call: under Claude Code's default hook timeout (60 s), so Engram stops itself and says why rather than being killed.</summary>
    internal static readonly TimeSpan Budget = TimeSpan.FromSeconds(45);

    /// <summary>The log's size before it is set aside as <c>.1</c> (replacing the one before): a line a call keeps a year of sessions.</summary>
    private const long MaxLogBytes = 1024 * 1024;

    /// <summary>
    /// The default log: <c>hooks.log</c> under the <see cref="LocalStateHome"/>, whichever data directory or server the
    /// hook imports into; null when there is no home directory (the calls are then reported on stderr alone).
    /// </summary>
    public static string? DefaultLog() => LocalStateHome.Find() is { } home ? Path.Combine(home, "hooks.log") : null;

    /// <summary>Reads the payload from <paramref name="input"/> and imports its transcript with the options <paramref name="prepare"/> checks and gives.</summary>
    public async Task<int> RunAsync(Stream input, Func<ImportOptions> prepare, CancellationToken cancellationToken)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(Budget);
        HookPayload? payload = null;
        try
        {
            var options = prepare();
            payload = HookPayload.Parse(await ReadPayloadAsync(input, budget.Token), Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));
            if (!File.Exists(payload.TranscriptPath))
            {
                throw new InvalidRequestException("transcript_path", $"no transcript file at {payload.TranscriptPath}");
            }

            var summary = await new TranscriptImporter(run.Client()).ImportAsync(payload.TranscriptPath, options, null, budget.Token);
            var done = Outcome(summary);
            Log(payload, done);
            run.Line(done);
            return ExitCodes.Ok;
        }
        catch (Exception failure)
        {
            var why = failure switch
            {
                OperationCanceledException when !cancellationToken.IsCancellationRequested =>
                    $"stopped after {Budget.TotalSeconds:N0} s, the hook's time bound; what was stored stays, and the next call goes on from there",
                OperationCanceledException => "canceled",
                EngramException or IOException or UnauthorizedAccessException or JsonException => failure.Message,
                _ => $"{failure.GetType().Name}: {failure.Message}",
            };
            Log(payload, $"error: {why}");
            if (strict)
            {
                throw;
            }

            error.WriteLine($"engram: {why} (the hook exits 0{(log is null ? "" : $"; logged to {log}")})");
            return ExitCodes.Ok;
        }
    }

    /// <summary>What an import did, on one line: the session, the events it added and already held, and anything it passed over.</summary>
    private static string Outcome(ImportSummary summary)
    {
        if (summary.SessionIds.Count == 0)
        {
            return summary.Unrecognized.Count > 0 ? "nothing imported: not a transcript format Engram reads"
                : $"nothing imported: {string.Join("; ", summary.Skipped.Select(s => s.Reason))}";
        }

        var sessions = string.Join(", ", summary.SessionIds.Order(StringComparer.Ordinal));
        var skipped = summary.Skipped.Count > 0 ? $", {Format.Count(summary.Skipped.Count, "record")} skipped" : "";
        if (summary.Unchanged > 0 && summary.EventsAdded == 0)
        {
            var held = summary.EventsHeldBefore.Values.Sum();
            return $"file unchanged since the last import; {(summary.SessionIds.Count == 1 ? "session" : "sessions")} {sessions} {(summary.SessionIds.Count == 1 ? "holds" : "hold")} {Format.Count(held, "event")}{skipped}";
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"imported into {sessions}: {Format.Count(summary.EventsAdded, "event")} added, {summary.EventsAlreadyHeld:N0} already held{skipped}");
    }

    /// <summary>
    /// The payload's bytes: read until a whole JSON value has arrived, the input ends, or it grows past
    /// <see cref="HookPayload.MaxBytes"/>; never waiting for the end of an input the harness keeps open.
    /// </summary>
    private static async Task<byte[]> ReadPayloadAsync(Stream input, CancellationToken cancellationToken)
    {
        // Reads on a console stream do not all honour cancellation, so the read runs on its own and is abandoned
        // when the wait is over; the process exits without it.
        var reading = Task.Run(async () =>
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await input.ReadAsync(chunk, CancellationToken.None).ConfigureAwait(false)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > HookPayload.MaxBytes || IsWholeValue(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)))
                {
                    break;
                }
            }

            return buffer.ToArray();
        }, CancellationToken.None);
        try
        {
            return await reading.WaitAsync(PayloadWait, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new InvalidRequestException("payload", $"no whole JSON object arrived on standard input within {PayloadWait.TotalSeconds:N0} s");
        }
    }

    /// <summary>True when <paramref name="bytes"/> hold a whole JSON value, or plainly none (a syntax error: reading on would not mend it).</summary>
    private static bool IsWholeValue(ReadOnlySpan<byte> bytes)
    {
        var reader = new Utf8JsonReader(bytes, isFinalBlock: false, default);
        try
        {
            return reader.Read() && reader.TrySkip();
        }
        catch (JsonException)
        {
            return true;
        }
    }

    /// <summary>Where the import went, for the log: the server, else the data directory or database (the line is written whatever failed, conflicting options too).</summary>
    private string Destination()
    {
        try
        {
            return run.ServerUrl ?? run.Backend().Description;
        }
        catch (EngramException failure)
        {
            return $"(nowhere: {failure.Message})";
        }
    }

    /// <summary>One line for the call: when, which event and session, which transcript, where it went, and what happened. Never transcript content.</summary>
    private void Log(HookPayload? payload, string outcome)
    {
        if (log is null)
        {
            return;
        }

        var line = string.Create(CultureInfo.InvariantCulture,
            $"{TimeProvider.System.GetUtcNow():yyyy-MM-dd'T'HH:mm:ss'Z'} {payload?.EventName ?? "hook"} session {payload?.SessionId ?? "-"} {payload?.TranscriptPath ?? "-"} -> {Destination()}: {outcome.ReplaceLineEndings(" ")}\n");
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(log))!);
            if (new FileInfo(log) is { Exists: true, Length: > MaxLogBytes })
            {
                File.Move(log, log + ".1", overwrite: true);
            }

            using var file = new FileStream(log, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            file.Write(Encoding.UTF8.GetBytes(line));
        }
        catch (Exception unwritable) when (unwritable is IOException or UnauthorizedAccessException)
        {
            // The log is how a hook reports; when it cannot be written, stderr is the last place left (the harness keeps it in its debug log).
            error.WriteLine($"engram: could not write the hook log {log}: {unwritable.Message}; {line.TrimEnd()}");
        }
    }
}
