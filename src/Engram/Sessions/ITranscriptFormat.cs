namespace Engram.Sessions;

/// <summary>
/// One transcript format. A reader streams: it never holds a whole file in memory, only what pairing and
/// ordering need (ids, not contents), and reports each unusable record instead of failing the file.
/// </summary>
internal interface ITranscriptFormat
{
    /// <summary>The format's name on the command line and in the API (<c>claude-code</c>, <c>events</c>, <c>messages</c>, <c>openai</c>, <c>codex</c>, <c>mini-swe-agent</c>, <c>swe-agent</c>).</summary>
    string Name { get; }

    /// <summary>True when the start of a file (its first non-empty lines, up to 64 KiB) and its end look like this format.</summary>
    bool Recognizes(TranscriptSample sample);

    /// <summary>Reads one transcript file (and, for formats that have them, its companion files).</summary>
    Task<TranscriptReadResult> ReadAsync(string path, Func<TranscriptEvent, ValueTask> onEvent, CancellationToken cancellationToken);

    /// <summary>
    /// The agent a session read in this format ran as, from what its transcript said, when an import names none: by
    /// default the agent the transcript names (<see cref="TranscriptMetadata.Agent"/>, made a valid agent name); null
    /// keeps the format's name. Harnesses that run many models (mini-swe-agent, SWE-agent) are told apart by the model.
    /// </summary>
    string? AgentOf(TranscriptMetadata metadata) => AgentNames.FromName(metadata?.Agent);
}

/// <summary>
/// The start and end of a file, for format detection: its first bytes decoded leniently, its first non-empty lines,
/// and its last bytes. Some formats say what they are only at the end (a mini-swe-agent trajectory writes its
/// <c>trajectory_format</c> after a run's whole record, which can be megabytes).
/// </summary>
/// <param name="Path">The file.</param>
/// <param name="Head">The file's first bytes (up to 64 KiB), decoded leniently.</param>
/// <param name="Lines">The head's first non-empty lines.</param>
/// <param name="Tail">The file's last bytes (up to 8 KiB) when the head did not reach the end; empty otherwise. It may start inside a character or a record.</param>
/// <param name="NotText">Why the file is no UTF-8 text (UTF-16, or binary), judged from its first bytes; null when it may be. No format reads such a file.</param>
internal sealed record TranscriptSample(string Path, string Head, IReadOnlyList<string> Lines, string Tail = "", string? NotText = null);

/// <summary>What reading a file found besides its events.</summary>
internal sealed record TranscriptReadResult(TranscriptMetadata Metadata, IReadOnlyList<SkippedRecord> Skipped, long Events);
