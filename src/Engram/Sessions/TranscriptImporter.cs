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
        foreach (var file in files)
        {
            progress?.Report(new ImportProgress(summary.Files, files.Count, done, total, summary.EventsAdded, file.FullName));
            var format = forced ?? await TranscriptFormats.DetectAsync(file.FullName, cancellationToken).ConfigureAwait(false);
            if (format is null)
            {
                summary.Unrecognized.Add(file.FullName);
            }
            else
            {
                await ImportFileAsync(file, format, options, summary, cancellationToken).ConfigureAwait(false);
            }

            done += file.Length;
            summary.Files++;
            summary.Bytes += file.Length;
        }

        progress?.Report(new ImportProgress(summary.Files, files.Count, done, total, summary.EventsAdded, null));
        return summary;
    }

    private async Task ImportFileAsync(FileInfo file, ITranscriptFormat format, ImportOptions options, ImportSummary summary, CancellationToken cancellationToken)
    {
        var opened = await client.OpenTranscriptAsync(new OpenTranscriptRequest(format.Name, file.FullName, options.Agent ?? format.Name), cancellationToken).ConfigureAwait(false);
        var sessionId = opened.Session.Id;
        var modified = new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero);
        if (!opened.Created && opened.Transcript.SourceSize == file.Length && opened.Transcript.SourceModified == modified)
        {
            summary.Unchanged++;
            summary.SessionIds.Add(sessionId);
            return;
        }

        var batch = new List<TranscriptEvent>(BatchEvents);
        var batchChars = 0L;
        async ValueTask FlushAsync()
        {
            if (batch.Count > 0)
            {
                var appended = await client.AppendEventsAsync(sessionId, batch, cancellationToken).ConfigureAwait(false);
                summary.EventsAdded += appended.Added;
                summary.EventsAlreadyHeld += appended.AlreadyHeld;
                batch.Clear();
                batchChars = 0;
            }
        }

        var result = await format.ReadAsync(file.FullName, async e =>
        {
            var fitted = EventLimits.Fit(e);
            batch.Add(fitted);
            batchChars += EventLimits.Size(fitted);
            if (batch.Count >= BatchEvents || batchChars >= BatchChars)
            {
                await FlushAsync().ConfigureAwait(false);
            }
        }, cancellationToken).ConfigureAwait(false);
        await FlushAsync().ConfigureAwait(false);
        await client.CompleteTranscriptAsync(sessionId, new CompleteTranscriptRequest(result.Metadata, file.Length, modified), cancellationToken).ConfigureAwait(false);
        summary.Skipped.AddRange(result.Skipped);
        summary.SessionIds.Add(sessionId);
        if (opened.Created)
        {
            summary.NewSessions++;
        }
    }

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

    public long EventsAdded { get; set; }

    /// <summary>Events read again from a changed file that the session already held.</summary>
    public long EventsAlreadyHeld { get; set; }

    /// <summary>Records skipped, each with its file, line and reason.</summary>
    public List<SkippedRecord> Skipped { get; } = [];

    /// <summary>Files no format recognized.</summary>
    public List<string> Unrecognized { get; } = [];
}
