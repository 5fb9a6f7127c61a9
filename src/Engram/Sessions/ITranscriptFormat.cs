namespace Engram.Sessions;

/// <summary>
/// One transcript format. A reader streams: it never holds a whole file in memory, only what pairing and
/// ordering need (ids, not contents), and reports each unusable record instead of failing the file.
/// </summary>
public interface ITranscriptFormat
{
    /// <summary>The format's name on the command line and in the API (<c>claude-code</c>, <c>events</c>, <c>messages</c>, <c>openai</c>, <c>codex</c>).</summary>
    string Name { get; }

    /// <summary>True when the start of a file (its first non-empty lines, up to 64 KiB) looks like this format.</summary>
    bool Recognizes(TranscriptSample sample);

    /// <summary>Reads one transcript file (and, for formats that have them, its companion files).</summary>
    Task<TranscriptReadResult> ReadAsync(string path, Func<TranscriptEvent, ValueTask> onEvent, CancellationToken cancellationToken);
}

/// <summary>The start of a file, for format detection: its first bytes decoded leniently, and its first non-empty lines.</summary>
public sealed record TranscriptSample(string Path, string Head, IReadOnlyList<string> Lines);

/// <summary>What reading a file found besides its events.</summary>
public sealed record TranscriptReadResult(TranscriptMetadata Metadata, IReadOnlyList<SkippedRecord> Skipped, long Events);
