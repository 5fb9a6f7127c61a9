namespace Engram.Sessions;

/// <summary>
/// The transcript a session carries: where it was imported from (if it was), in which format, what the
/// transcript says about the session, and how many events it holds.
/// </summary>
/// <param name="SessionId">The session (<c>sesn_</c>).</param>
/// <param name="Format">The format it was read from, or <c>live</c> for events appended through the API.</param>
/// <param name="Source">What identifies the source: <c>principal:path</c>, the importer and the absolute file path, for imports; null for live sessions.</param>
/// <param name="SourceSize">The source file's length when it was last read completely.</param>
/// <param name="SourceModified">The source file's last write time when it was last read completely.</param>
/// <param name="Metadata">What the transcript says about the session.</param>
/// <param name="Events">How many events the session holds.</param>
/// <param name="ContentId">
/// What identifies the source's content wherever it lies (stored as <c>principal:sha256</c>, like the source), so the
/// same transcript imported from another path is found: see <see cref="TranscriptContent"/>. Null for live sessions and
/// for imports recorded before content was identified.
/// </param>
public sealed record SessionTranscript(
    string SessionId,
    string Format,
    string? Source,
    long SourceSize,
    DateTimeOffset? SourceModified,
    TranscriptMetadata Metadata,
    long Events,
    string? ContentId = null)
{
    /// <summary>The file the transcript was imported from, without the importer <see cref="Source"/> is keyed by; null for live sessions.</summary>
    public string? SourcePath => Source?[(Source.IndexOf(':', StringComparison.Ordinal) + 1)..];
}

/// <summary>One stored event of a session: its position (0-based, in the order events were added) and the event.</summary>
public sealed record StoredEvent(string SessionId, long Index, TranscriptEvent Event);
