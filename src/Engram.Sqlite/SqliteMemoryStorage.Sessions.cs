using System.Text.Json;
using Engram.Sessions;
using Microsoft.Data.Sqlite;

namespace Engram.Sqlite;

public sealed partial class SqliteMemoryStorage
{
    private const string TranscriptColumns = "session_id, format, source, source_size, source_modified, metadata, events, content_id";

    // The original record (compressed) is selected separately, only when asked for.
    private const string EventColumns = "session_id, idx, source_key, kind, at, text, tool_use_id, tool_name, tool_input, is_error, off_path, file, line, exit_code";

    /// <inheritdoc />
    public Task<SessionTranscript?> GetTranscriptAsync(string sessionId, CancellationToken cancellationToken) =>
        ReadAsync(c => Single(c, $"SELECT {TranscriptColumns} FROM session_transcripts WHERE session_id = $id", ReadTranscript, ("$id", sessionId)), cancellationToken);

    /// <inheritdoc />
    public Task<SessionTranscript?> FindTranscriptBySourceAsync(string source, CancellationToken cancellationToken) =>
        ReadAsync(c => Single(c, $"SELECT {TranscriptColumns} FROM session_transcripts WHERE source = $source", ReadTranscript, ("$source", source)), cancellationToken);

    /// <inheritdoc />
    public Task<SessionTranscript?> FindTranscriptByContentAsync(string contentId, CancellationToken cancellationToken) =>
        ReadAsync(c => Single(
            c, $"SELECT {TranscriptColumns} FROM session_transcripts WHERE content_id = $content ORDER BY session_id LIMIT 1", ReadTranscript, ("$content", contentId)),
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredEvent>> ListEventsAsync(string sessionId, long fromIndex, int limit, bool withRaw, CancellationToken cancellationToken) =>
        ReadAsync(c => Many(
            c, $"SELECT {EventColumns}, {(withRaw ? "raw" : "NULL")} FROM session_events WHERE session_id = $id AND idx >= $from ORDER BY idx LIMIT $limit", ReadEvent,
            ("$id", sessionId), ("$from", fromIndex), ("$limit", limit)), cancellationToken);

    /// <inheritdoc />
    public Task<long?> FindEventIndexAtAsync(string sessionId, DateTimeOffset at, CancellationToken cancellationToken) =>
        ReadAsync(c =>
        {
            using var command = Command(c, "SELECT min(idx) FROM session_events WHERE session_id = $id AND at >= $at", [("$id", sessionId), ("$at", at.UtcTicks)]);
            return command.ExecuteScalar() is long index ? (long?)index : null;
        }, cancellationToken);

    internal static SessionTranscript ReadTranscript(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetInt64(3), r.IsDBNull(4) ? null : Rows.Time(r.GetInt64(4)),
        JsonSerializer.Deserialize<TranscriptMetadata>(r.GetString(5), TranscriptSerialization.Options) ?? new TranscriptMetadata(), r.GetInt64(6),
        r.IsDBNull(7) ? null : r.GetString(7));

    private static StoredEvent ReadEvent(SqliteDataReader r) => new(
        r.GetString(0), r.GetInt64(1), new TranscriptEvent(
            (TranscriptEventKind)r.GetInt32(3), r.GetString(2), r.IsDBNull(4) ? null : Rows.Time(r.GetInt64(4)), r.IsDBNull(5) ? null : r.GetString(5),
            r.IsDBNull(6) ? null : r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7), r.IsDBNull(8) ? null : r.GetString(8),
            r.GetInt32(9) != 0, r.GetInt32(10) != 0, r.IsDBNull(14) ? "" : RawRecords.Decompress((byte[])r.GetValue(14)), r.GetInt64(12), r.IsDBNull(11) ? null : r.GetString(11),
            r.IsDBNull(13) ? null : r.GetInt32(13)));
}
