using System.Text.Json;
using Engram.Access;
using Engram.Sessions;
using Npgsql;

namespace Engram.Postgres;

/// <summary>How the sessions tables' rows map to the library's records.</summary>
internal static class SessionRows
{
    public const string SessionColumns = "s.id, s.agent, s.title, s.metadata, s.created_by_type, s.created_by_id, s.created_at, s.ended_at";

    public const string AttachmentColumns = "session_id, store_id, access, instructions";

    public const string TranscriptColumns = "session_id, format, source, source_size, source_modified, metadata, events, content_id";

    /// <summary>Every event column but the original record, which is selected only when asked for (column 14).</summary>
    public const string EventColumns = "session_id, idx, source_key, kind, at, text, tool_use_id, tool_name, tool_input, is_error, off_path, file, line, exit_code";

    /// <summary>A session with the attachments given (read separately).</summary>
    public static AgentSession ReadSession(NpgsqlDataReader r, IReadOnlyList<SessionAttachment> stores) => new(
        r.GetString(0), r.GetString(1), r.GetString(2),
        JsonSerializer.Deserialize<SortedDictionary<string, string>>(r.GetString(3)) ?? [],
        stores, AccessRows.ReadActor(r, 4), AccessRows.Time(r.GetInt64(6)), AccessRows.TimeOrNull(r, 7));

    /// <summary>An attachment row (<see cref="AttachmentColumns"/>): its session id, and the attachment.</summary>
    public static (string SessionId, SessionAttachment Attachment) ReadAttachment(NpgsqlDataReader r) =>
        (r.GetString(0), new SessionAttachment(r.GetString(1), (AttachmentAccess)r.GetInt32(2), r.GetString(3)));

    public static string WriteMetadata(IReadOnlyDictionary<string, string> metadata) => JsonSerializer.Serialize(metadata);

    public static SessionTranscript ReadTranscript(NpgsqlDataReader r) => new(
        r.GetString(0), r.GetString(1), AccessRows.StringOrNull(r, 2), r.GetInt64(3), AccessRows.TimeOrNull(r, 4),
        JsonSerializer.Deserialize<TranscriptMetadata>(r.GetString(5), TranscriptSerialization.Options) ?? new TranscriptMetadata(), r.GetInt64(6),
        AccessRows.StringOrNull(r, 7));

    /// <summary>The transcript's columns in <see cref="TranscriptColumns"/> order, as positional parameters.</summary>
    public static object?[] TranscriptParameters(SessionTranscript t) =>
    [
        t.SessionId, t.Format, t.Source, t.SourceSize, AccessRows.Ticks(t.SourceModified),
        JsonSerializer.Serialize(t.Metadata, TranscriptSerialization.Options), t.Events, t.ContentId,
    ];

    public static StoredEvent ReadEvent(NpgsqlDataReader r) => new(
        r.GetString(0), r.GetInt64(1), new TranscriptEvent(
            (TranscriptEventKind)r.GetInt32(3), r.GetString(2), AccessRows.TimeOrNull(r, 4), AccessRows.StringOrNull(r, 5),
            AccessRows.StringOrNull(r, 6), AccessRows.StringOrNull(r, 7), AccessRows.StringOrNull(r, 8),
            r.GetBoolean(9), r.GetBoolean(10), r.IsDBNull(14) ? "" : RawRecords.Decompress(r.GetFieldValue<byte[]>(14)), r.GetInt64(12),
            AccessRows.StringOrNull(r, 11), r.IsDBNull(13) ? null : r.GetInt32(13)));

    /// <summary>Sessions with their attachments (<paramref name="attachments"/> may hold other sessions' too).</summary>
    public static IReadOnlyList<AgentSession> WithAttachments(
        IReadOnlyList<AgentSession> sessions, IEnumerable<(string SessionId, SessionAttachment Attachment)> attachments)
    {
        var bySession = attachments.ToLookup(a => a.SessionId, a => a.Attachment, StringComparer.Ordinal);
        return sessions.Select(s => s with { Stores = bySession[s.Id].ToList() }).ToList();
    }
}
