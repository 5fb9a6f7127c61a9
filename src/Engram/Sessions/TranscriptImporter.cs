using System.Threading.Channels;
using Engram.Client;

namespace Engram.Sessions;

/// <summary>
/// Imports transcript files (one file, or every transcript under a directory such as <c>~/.claude/projects</c>)
/// through a client, so local and remote imports share every rule. Streaming: events go out in bounded
/// batches as they are read. Idempotent: a file already imported and unchanged (same size and write time) is
/// not read again; a changed or grown one is read again and only events the session does not hold are added.
/// </summary>
public sealed class TranscriptImporter(IEngramClient client)
{
    /// <summary>Events per append request.</summary>
    public const int BatchEvents = 1_000;

    /// <summary>Characters per append request, so a request stays well under the server's body limit for appends.</summary>
    public const long BatchChars = 8L * 1024 * 1024;

    /// <summary>Batches read ahead of the one being stored: enough to keep both the reader and the store busy.</summary>
    private const int BatchesInFlight = 2;

    /// <summary>Directories a transcript tree keeps beside its sessions; their files are read by their session's reader, never on their own.</summary>
    private static readonly string[] CompanionDirectories = ["subagents", "tool-results"];

    /// <summary>Imports <paramref name="path"/> (a file or a directory).</summary>
    public async Task<ImportSummary> ImportAsync(string path, ImportOptions options, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        var forced = options.Format is null or "auto" ? null : TranscriptFormats.Named(options.Format)
            ?? throw new Errors.InvalidRequestException("format", $"must be auto or one of {string.Join(", ", TranscriptFormats.All.Select(f => f.Name))}");
        var files = Files(path);
        var summary = new ImportSummary();
        var total = files.Sum(f => f.Length);
        var done = 0L;

        // Reading and storing overlap, across files too: the reader goes on to the next file while the last
        // batches of the one before are masked and written. A failure to store stops the reader.
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var work = Channel.CreateBounded<StoreWork>(new BoundedChannelOptions(BatchesInFlight) { SingleReader = true, SingleWriter = true });
        var storing = Task.Run(() => StoreAsync(work.Reader, summary, failed), CancellationToken.None);
        try
        {
            foreach (var file in files)
            {
                progress?.Report(new ImportProgress(summary.Files, files.Count, done, total, summary.EventsAdded, file.FullName));
                var format = forced ?? await TranscriptFormats.DetectAsync(file.FullName, failed.Token).ConfigureAwait(false);
                if (format is null)
                {
                    summary.Unrecognized.Add(file.FullName);
                }
                else
                {
                    await ReadFileAsync(file, format, options, work.Writer, summary, failed.Token).ConfigureAwait(false);
                }

                done += file.Length;
                summary.Files++;
                summary.Bytes += file.Length;
            }
        }
        catch (OperationCanceledException) when (storing.IsFaulted && !cancellationToken.IsCancellationRequested)
        {
            await storing.ConfigureAwait(false); // the store's error, not the cancellation it caused
            throw;
        }
        finally
        {
            work.Writer.TryComplete();
        }

        await storing.ConfigureAwait(false);
        progress?.Report(new ImportProgress(summary.Files, files.Count, done, total, summary.EventsAdded, null));
        return summary;
    }

    /// <summary>Reads one file into batches of work for the store; an unchanged file already imported is not read.</summary>
    private async Task ReadFileAsync(FileInfo file, ITranscriptFormat format, ImportOptions options, ChannelWriter<StoreWork> work, ImportSummary summary, CancellationToken cancellationToken)
    {
        var opened = await client.OpenTranscriptAsync(new OpenTranscriptRequest(format.Name, file.FullName, options.Agent ?? format.Name), cancellationToken).ConfigureAwait(false);
        var sessionId = opened.Session.Id;
        var modified = new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero);
        summary.SessionIds.Add(sessionId);

        if (!opened.Created && opened.Transcript.SourceSize == file.Length && opened.Transcript.SourceModified == modified)
        {
            summary.Unchanged++;
            return;
        }

        var batch = new List<TranscriptEvent>(BatchEvents);
        var batchChars = 0L;
        var result = await format.ReadAsync(file.FullName, async e =>
        {
            var fitted = EventLimits.Fit(e);
            batch.Add(fitted);
            batchChars += EventLimits.Size(fitted);
            if (batch.Count >= BatchEvents || batchChars >= BatchChars)
            {
                await work.WriteAsync(new StoreWork(sessionId, batch, null), cancellationToken).ConfigureAwait(false);
                batch = new List<TranscriptEvent>(BatchEvents);
                batchChars = 0;
            }
        }, cancellationToken).ConfigureAwait(false);
        if (batch.Count > 0)
        {
            await work.WriteAsync(new StoreWork(sessionId, batch, null), cancellationToken).ConfigureAwait(false);
        }

        await work.WriteAsync(new StoreWork(sessionId, null, new CompleteTranscriptRequest(result.Metadata, file.Length, modified)), cancellationToken).ConfigureAwait(false);
        summary.Skipped.AddRange(result.Skipped);
        if (opened.Created)
        {
            summary.NewSessions++;
        }
    }

    /// <summary>
    /// Stores the work in order: one append in flight while the next is prepared (the client applies appends in
    /// the order they are made), and a file's transcript completed only once all its events are stored.
    /// </summary>
    private async Task StoreAsync(ChannelReader<StoreWork> work, ImportSummary summary, CancellationTokenSource failed)
    {
        try
        {
            Task<AppendEventsResult>? inFlight = null;
            await foreach (var item in work.ReadAllAsync(failed.Token).ConfigureAwait(false))
            {
                if (item.Events is { } events)
                {
                    var next = client.AppendEventsAsync(item.SessionId, events, failed.Token);
                    if (inFlight is not null)
                    {
                        Count(await inFlight.ConfigureAwait(false));
                    }

                    inFlight = next;
                    continue;
                }

                if (inFlight is not null)
                {
                    Count(await inFlight.ConfigureAwait(false));
                    inFlight = null;
                }

                await client.CompleteTranscriptAsync(item.SessionId, item.Complete!, failed.Token).ConfigureAwait(false);
            }

            if (inFlight is not null)
            {
                Count(await inFlight.ConfigureAwait(false));
            }
        }
        catch
        {
            await failed.CancelAsync().ConfigureAwait(false); // stops the reader too
            throw;
        }

        void Count(AppendEventsResult appended)
        {
            Interlocked.Add(ref summary.EventsAddedCount, appended.Added);
            Interlocked.Add(ref summary.EventsAlreadyHeldCount, appended.AlreadyHeld);
        }
    }

    /// <summary>A batch of a session's events to append, or (with <see cref="Complete"/>) the end of its file.</summary>
    private sealed record StoreWork(string SessionId, List<TranscriptEvent>? Events, CompleteTranscriptRequest? Complete);

    /// <summary>The transcript files under <paramref name="path"/> in path order (a file is itself).</summary>
    private static List<FileInfo> Files(string path)
    {
        if (File.Exists(path))
        {
            return [new FileInfo(Path.GetFullPath(path))];
        }

        if (!Directory.Exists(path))
        {
            throw new Errors.InvalidRequestException("path", $"{path} is neither a file nor a directory");
        }

        var root = Path.GetFullPath(path);
        return Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden | FileAttributes.System })
            .Where(f => f.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            .Where(f => !Path.GetRelativePath(root, f).Split(Path.DirectorySeparatorChar).SkipLast(1).Any(d => CompanionDirectories.Contains(d, StringComparer.Ordinal)))
            .Order(StringComparer.Ordinal)
            .Select(f => new FileInfo(f))
            .ToList();
    }
}

/// <summary>How to import: the format (<c>auto</c> detects each file's) and the agent to record (default: the format's name).</summary>
public sealed record ImportOptions(string? Format = "auto", string? Agent = null);

/// <summary>Where an import is: files and bytes done of the total, events added so far, and the file being read.</summary>
public sealed record ImportProgress(int FilesDone, int Files, long BytesDone, long Bytes, long EventsAdded, string? Current);

/// <summary>What an import did.</summary>
public sealed class ImportSummary
{
    public int Files { get; set; }

    public long Bytes { get; set; }

    /// <summary>Sessions the files went into (new or already known).</summary>
    public HashSet<string> SessionIds { get; } = new(StringComparer.Ordinal);

    public int NewSessions { get; set; }

    /// <summary>Files already imported and unchanged since: not read again.</summary>
    public int Unchanged { get; set; }

    public long EventsAdded => Interlocked.Read(ref EventsAddedCount);

    /// <summary>Events read again from a changed file that the session already held.</summary>
    public long EventsAlreadyHeld => Interlocked.Read(ref EventsAlreadyHeldCount);

    // Counted by the storing side while the reading side reports progress.
    internal long EventsAddedCount;
    internal long EventsAlreadyHeldCount;

    /// <summary>Records skipped, each with its file, line and reason.</summary>
    public List<SkippedRecord> Skipped { get; } = [];

    /// <summary>Files no format recognized.</summary>
    public List<string> Unrecognized { get; } = [];
}
