using System.Threading.Channels;
using Engram.Client;
using Engram.Sessions.Formats;

namespace Engram.Sessions;

/// <summary>
/// Imports transcript files (one file, or every transcript under a directory such as <c>~/.claude/projects</c>)
/// through a client, so local and remote imports share every rule. Streaming: events go out in bounded
/// batches as they are read. Idempotent: a file already imported and unchanged (same size and write time, or the
/// same content found at another path) is not read again; a changed or grown one is read again and only events the
/// session does not hold are added.
/// </summary>
internal sealed partial class TranscriptImporter(ISessionClient client)
{
    /// <summary>Events per append request.</summary>
    public const int BatchEvents = 1_000;

    /// <summary>Characters per append request, so a request stays well under the server's body limit for appends.</summary>
    public const long BatchChars = 8L * 1024 * 1024;

    /// <summary>Batches read ahead of the one being stored: enough to keep both the reader and the store busy.</summary>
    private const int BatchesInFlight = 2;

    /// <summary>The formats files are read in, most specific first: <see cref="TranscriptFormats.All"/>, or a test's.</summary>
    internal IReadOnlyList<ITranscriptFormat> Formats { get; init; } = TranscriptFormats.All;

    /// <summary>Imports <paramref name="path"/> (a file or a directory).</summary>
    public async Task<ImportSummary> ImportAsync(string path, ImportOptions options, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        var forced = options.Format is null or "auto" ? null : Formats.FirstOrDefault(f => f.Name == options.Format)
            ?? throw new Errors.InvalidRequestException("format", $"must be auto or one of {string.Join(", ", Formats.Select(f => f.Name))}");
        var summary = new ImportSummary();
        var files = await FilesAsync(path, summary, cancellationToken).ConfigureAwait(false);
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
                await ImportFileAsync(file, forced, options, work.Writer, summary, failed.Token).ConfigureAwait(false);
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

    /// <summary>
    /// Imports one file, or reports why not: an empty file (or a pipe or device, which has no length) is never opened,
    /// one that cannot be read or is no UTF-8 text is skipped with the reason, and one no format recognizes is listed.
    /// Nothing is written for a file skipped here, and the import goes on to the next.
    /// </summary>
    private async Task ImportFileAsync(
        FileInfo file, ITranscriptFormat? forced, ImportOptions options, ChannelWriter<StoreWork> work, ImportSummary summary, CancellationToken cancellationToken)
    {
        if (file.Length == 0)
        {
            summary.Skipped.Add(new SkippedRecord(file.FullName, 0, "empty: nothing to import"));
            return;
        }

        TranscriptSample sample;
        try
        {
            sample = await TranscriptFormats.SampleAsync(file.FullName, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsUnreadable(e))
        {
            summary.Skipped.Add(SkippedRecord.Unread(file.FullName, e));
            return;
        }

        if (sample.NotText is { } notText)
        {
            summary.Skipped.Add(new SkippedRecord(file.FullName, 0, notText));
            return;
        }

        if ((forced ?? TranscriptFormats.Detect(sample, Formats)) is not { } format)
        {
            summary.Unrecognized.Add(file.FullName);
            return;
        }

        await ReadFileAsync(file, format, sample, options, work, summary, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads one file into batches of work for the store; an unchanged file already imported (from this path, or a
    /// copy of the same content from another) is not read, and one imported before in another format is reported,
    /// not mixed into that session. A session's agent is, unless an import names one, what the format learns from
    /// the transcript (the model, for harnesses that run many), else the format's name; an agent named by an earlier
    /// import is kept.
    /// </summary>
    private async Task ReadFileAsync(
        FileInfo file, ITranscriptFormat format, TranscriptSample sample, ImportOptions options, ChannelWriter<StoreWork> work, ImportSummary summary,
        CancellationToken cancellationToken)
    {
        var length = file.Length;
        string contentId;
        try
        {
            contentId = await TranscriptContent.IdentifyAsync(file.FullName, length, appendOnly: JsonDocuments.SampleIsLines(sample), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsUnreadable(e))
        {
            summary.Skipped.Add(SkippedRecord.Unread(file.FullName, e));
            return;
        }

        var opened = await client.OpenTranscriptAsync(
            new OpenTranscriptRequest(format.Name, file.FullName, options.Agent ?? format.Name, ContentId: contentId), cancellationToken).ConfigureAwait(false);
        var sessionId = opened.Session.Id;
        var modified = new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero);
        if (opened.Transcript.Format != format.Name)
        {
            summary.Skipped.Add(new SkippedRecord(
                file.FullName, 0, $"imported before as {opened.Transcript.Format} into {sessionId}; delete that session to import the file as {format.Name}"));
            return;
        }

        summary.SessionIds.Add(sessionId);
        summary.EventsHeldBefore[sessionId] = opened.Transcript.Events;

        if (!opened.Created && opened.Transcript.SourceSize == length && (opened.Transcript.SourceModified == modified || opened.FoundByContent))
        {
            summary.Unchanged++;
            return;
        }

        var batch = new List<TranscriptEvent>(BatchEvents);
        var batchChars = 0L;
        TranscriptReadResult result;
        try
        {
            result = await format.ReadAsync(file.FullName, async e =>
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
        }
        catch (Exception e) when (IsUnreadable(e))
        {
            // The file (or a companion, such as a sub-agent's transcript) went away or was refused partway. A session
            // this import created is removed with what was stored of it; a known session keeps the events added, and
            // since its transcript is not completed, the next import reads the file again.
            if (opened.Created)
            {
                summary.SessionIds.Remove(sessionId);
                await work.WriteAsync(new StoreWork(sessionId, null, null, Discard: true), cancellationToken).ConfigureAwait(false);
            }

            summary.Skipped.Add(SkippedRecord.Unread(file.FullName, e));
            return;
        }

        if (batch.Count > 0)
        {
            await work.WriteAsync(new StoreWork(sessionId, batch, null), cancellationToken).ConfigureAwait(false);
        }

        summary.Skipped.AddRange(result.Skipped);
        if (result.Events == 0)
        {
            // Nothing in the file reads as the format (a named format that is not the file's, or records that hold no
            // event): reported, and a session created for it removed, rather than an empty session kept in silence.
            if (opened.Created)
            {
                summary.SessionIds.Remove(sessionId);
                await work.WriteAsync(new StoreWork(sessionId, null, null, Discard: true), cancellationToken).ConfigureAwait(false);
            }

            summary.Skipped.Add(new SkippedRecord(file.FullName, 0, $"no events in it read as {format.Name}: nothing recorded"));
            return;
        }

        var agent = options.Agent is null && (opened.Created || opened.Session.Agent == format.Name) ? format.AgentOf(result.Metadata) : null;
        await work.WriteAsync(new StoreWork(sessionId, null, new CompleteTranscriptRequest(result.Metadata, length, modified, contentId, agent)), cancellationToken).ConfigureAwait(false);
        if (opened.Created)
        {
            summary.NewSessions++;
        }
    }

    /// <summary>A file that could not be read: the file system failed or refused it, which no content can cause.</summary>
    private static bool IsUnreadable(Exception e) => e is IOException or UnauthorizedAccessException;
}

/// <summary>How to import: the format (<c>auto</c> detects each file's) and the agent to record (default: what the transcript says, else the format's name).</summary>
internal sealed record ImportOptions(string? Format = "auto", string? Agent = null);

/// <summary>Where an import is: files and bytes done of the total, events added so far, and the file being read.</summary>
internal sealed record ImportProgress(int FilesDone, int Files, long BytesDone, long Bytes, long EventsAdded, string? Current);

/// <summary>What an import did.</summary>
internal sealed class ImportSummary
{
    public int Files { get; set; }

    public long Bytes { get; set; }

    /// <summary>Sessions the files went into (new or already known).</summary>
    public HashSet<string> SessionIds { get; } = new(StringComparer.Ordinal);

    public int NewSessions { get; set; }

    /// <summary>The events each session held when this import opened its file: all an unchanged file's session holds.</summary>
    public Dictionary<string, long> EventsHeldBefore { get; } = new(StringComparer.Ordinal);

    /// <summary>Files already imported and unchanged since: not read again.</summary>
    public int Unchanged { get; set; }

    public long EventsAdded => Interlocked.Read(ref EventsAddedCount);

    /// <summary>Events read again from a changed file that the session already held.</summary>
    public long EventsAlreadyHeld => Interlocked.Read(ref EventsAlreadyHeldCount);

    // Counted by the storing side while the reading side reports progress.
    internal long EventsAddedCount;
    internal long EventsAlreadyHeldCount;

    /// <summary>Records skipped, each with its file, line and reason; a file skipped whole (a sub-agent's transcript without its session) has line 0.</summary>
    public List<SkippedRecord> Skipped { get; } = [];

    /// <summary>Files no format recognized.</summary>
    public List<string> Unrecognized { get; } = [];

    /// <summary>
    /// Some file or sub-agent transcript could not be read (<see cref="SkippedRecord.Unreadable"/>): what it holds is not
    /// imported. A file is read again by the next import; a sub-agent's transcript, when its session's file changes.
    /// </summary>
    public bool Incomplete => Skipped.Any(s => s.Unreadable);
}
