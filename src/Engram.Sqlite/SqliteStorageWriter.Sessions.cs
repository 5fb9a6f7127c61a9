using System.Text.Json;
using Engram.Access;
using Engram.Sessions;

namespace Engram.Sqlite;

internal sealed partial class SqliteStorageWriter
{
    public void InsertTranscriptSession(AgentSession session, SessionTranscript transcript)
    {
        InsertSession(session, $"transcript:{session.Id}");
        Execute(
            """
            INSERT INTO session_transcripts (session_id, format, source, source_size, source_modified, metadata, events, content_id)
            VALUES ($id, $format, $source, $size, $modified, $metadata, $events, $content)
            """,
            TranscriptParameters(transcript));
    }

    public void UpdateTranscript(SessionTranscript transcript) => Execute(
        """
        INSERT INTO session_transcripts (session_id, format, source, source_size, source_modified, metadata, events, content_id)
        VALUES ($id, $format, $source, $size, $modified, $metadata, $events, $content)
        ON CONFLICT (session_id) DO UPDATE SET format = excluded.format, source = excluded.source, source_size = excluded.source_size,
            source_modified = excluded.source_modified, metadata = excluded.metadata, events = excluded.events, content_id = excluded.content_id
        """,
        TranscriptParameters(transcript));

    public int AppendEvents(string sessionId, IReadOnlyList<PreparedEvent> events)
    {
        long next;
        using (var reader = Query("SELECT coalesce(max(idx) + 1, 0) FROM session_events WHERE session_id = $id", ("$id", sessionId)))
        {
            reader.Read();
            next = reader.GetInt64(0);
        }

        // One statement per event: a new source key inserts at the next position; a known one keeps its
        // position and only takes the new off-path flag. RETURNING tells which happened.
        var added = 0;
        foreach (var (e, raw) in events)
        {
            using var reader = Query(
                """
                INSERT INTO session_events (session_id, idx, source_key, kind, at, text, tool_use_id, tool_name, tool_input, is_error, off_path, file, line, exit_code, raw)
                VALUES ($id, $idx, $key, $kind, $at, $text, $toolUseId, $toolName, $toolInput, $error, $off, $file, $line, $exit, $raw)
                ON CONFLICT (session_id, source_key) DO UPDATE SET off_path = excluded.off_path
                RETURNING idx
                """,
                ("$id", sessionId), ("$idx", next), ("$key", e.SourceKey), ("$kind", (int)e.Kind), ("$at", Rows.Db(e.Timestamp)), ("$text", Rows.Db(e.Text)),
                ("$toolUseId", Rows.Db(e.ToolUseId)), ("$toolName", Rows.Db(e.ToolName)), ("$toolInput", Rows.Db(e.ToolInput)), ("$error", e.IsError ? 1 : 0),
                ("$off", e.OffPath ? 1 : 0), ("$file", Rows.Db(e.File)), ("$line", e.Line), ("$exit", Rows.Db(e.ExitCode)), ("$raw", raw));
            if (reader.Read() && reader.GetInt64(0) == next)
            {
                next++;
                added++;
            }
        }

        return added;
    }

    public SessionTranscript? GetTranscript(string sessionId)
    {
        using var reader = Query("SELECT session_id, format, source, source_size, source_modified, metadata, events, content_id FROM session_transcripts WHERE session_id = $id", ("$id", sessionId));
        return reader.Read() ? SqliteMemoryStorage.ReadTranscript(reader) : null;
    }

    public void SetSessionTitle(string sessionId, string title) => Execute("UPDATE sessions SET title = $title WHERE id = $id", ("$id", sessionId), ("$title", title));

    public void SetSessionAgent(string sessionId, string agent) => Execute("UPDATE sessions SET agent = $agent WHERE id = $id", ("$id", sessionId), ("$agent", agent));

    public void DeleteSession(string sessionId) => Execute("DELETE FROM sessions WHERE id = $id", ("$id", sessionId));

    private static (string Name, object Value)[] TranscriptParameters(SessionTranscript t) =>
    [
        ("$id", t.SessionId), ("$format", t.Format), ("$source", Rows.Db(t.Source)), ("$size", t.SourceSize), ("$modified", Rows.Db(t.SourceModified)),
        ("$metadata", JsonSerializer.Serialize(t.Metadata, TranscriptSerialization.Options)), ("$events", t.Events), ("$content", Rows.Db(t.ContentId)),
    ];
}
