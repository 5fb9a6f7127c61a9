using Engram.Access;
using Engram.Sessions;
using Engram.Storage;
using Npgsql;

namespace Engram.Postgres;

/// <summary>
/// A unit that reads a session to write it (an append reads the transcript's event count and writes it back; an end
/// reads whether it has ended) first locks the session's row (<see cref="LockSession"/>), so units on any node that
/// change one session run one after the other and each reads what the one before it committed.
/// </summary>
internal sealed partial class PostgresStorageWriter : ISessionWriter
{
    private readonly HashSet<string> _lockedSessions = new(StringComparer.Ordinal);

    public void InsertSession(AgentSession session, string tokenSha256)
    {
        Execute(
            """
            INSERT INTO sessions (id, agent, title, metadata, created_by_type, created_by_id, token_sha256, created_at, ended_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            """,
            session.Id, session.Agent, session.Title, SessionRows.WriteMetadata(session.Metadata), (int?)session.CreatedBy?.Type, session.CreatedBy?.Id,
            tokenSha256, session.CreatedAt.UtcTicks, AccessRows.Ticks(session.EndedAt));
        if (session.Stores.Count > 0)
        {
            Execute(
                "INSERT INTO session_stores (session_id, store_id, access, instructions) SELECT $1, a.store, a.access, a.instructions FROM unnest($2::text[], $3::integer[], $4::text[]) AS a(store, access, instructions)",
                session.Id, session.Stores.Select(s => s.StoreId).ToArray(), session.Stores.Select(s => (int)s.Access).ToArray(), session.Stores.Select(s => s.Instructions).ToArray());
        }

        _lockedSessions.Add(session.Id); // a row this transaction inserted is its own until it commits
    }

    /// <summary>The session, its row locked until the unit ends.</summary>
    public AgentSession? GetSession(string sessionId)
    {
        AgentSession? session;
        using (var reader = Query($"SELECT {SessionRows.SessionColumns} FROM sessions s WHERE s.id = $1 FOR NO KEY UPDATE", sessionId))
        {
            session = reader.Read() ? SessionRows.ReadSession(reader, []) : null;
        }

        _lockedSessions.Add(sessionId);
        if (session is null)
        {
            return null;
        }

        var stores = new List<SessionAttachment>();
        using (var reader = Query($"SELECT {SessionRows.AttachmentColumns} FROM session_stores WHERE session_id = $1 ORDER BY store_id", sessionId))
        {
            while (reader.Read())
            {
                stores.Add(SessionRows.ReadAttachment(reader).Attachment);
            }
        }

        return session with { Stores = stores };
    }

    public void EndSession(string sessionId, DateTimeOffset endedAt) =>
        Execute("UPDATE sessions SET ended_at = $2 WHERE id = $1 AND ended_at IS NULL", sessionId, endedAt.UtcTicks);

    public void InsertTranscriptSession(AgentSession session, SessionTranscript transcript)
    {
        InsertSession(session, $"transcript:{session.Id}");
        Execute(
            $"INSERT INTO session_transcripts ({SessionRows.TranscriptColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            SessionRows.TranscriptParameters(transcript));
    }

    /// <summary>The transcript record, read under the session's lock (its event count is written back by the same unit).</summary>
    public SessionTranscript? GetTranscript(string sessionId)
    {
        LockSession(sessionId);
        using var reader = Query($"SELECT {SessionRows.TranscriptColumns} FROM session_transcripts WHERE session_id = $1", sessionId);
        return reader.Read() ? SessionRows.ReadTranscript(reader) : null;
    }

    public void SetSessionTitle(string sessionId, string title) => Execute("UPDATE sessions SET title = $2 WHERE id = $1", sessionId, title);

    public void SetSessionAgent(string sessionId, string agent) => Execute("UPDATE sessions SET agent = $2 WHERE id = $1", sessionId, agent);

    public void UpdateTranscript(SessionTranscript transcript) => Execute(
        $"""
        INSERT INTO session_transcripts ({SessionRows.TranscriptColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        ON CONFLICT (session_id) DO UPDATE SET format = excluded.format, source = excluded.source, source_size = excluded.source_size,
            source_modified = excluded.source_modified, metadata = excluded.metadata, events = excluded.events, content_id = excluded.content_id
        """,
        SessionRows.TranscriptParameters(transcript));

    /// <summary>
    /// Under the session's lock: reads which of the batch's keys the session holds and its next position, then in one
    /// round trip inserts each new key at the next position (in the order given) and brings the off-path flag of
    /// each held key up to date. A key given twice is added once, with the off-path flag of its last occurrence (as
    /// one statement per event leaves it). The lock is what keeps positions dense and unique under concurrent appends
    /// on any node; the unique (session, key) index is what keeps a key from being added twice regardless.
    /// </summary>
    public int AppendEvents(string sessionId, IReadOnlyList<PreparedEvent> events)
    {
        if (events.Count == 0)
        {
            return 0;
        }

        LockSession(sessionId);
        var keys = events.Select(e => e.Event.SourceKey).Distinct(StringComparer.Ordinal).ToArray();
        var held = new HashSet<string>(StringComparer.Ordinal);
        using (var reader = Query("SELECT source_key FROM session_events WHERE session_id = $1 AND source_key = ANY($2::text[])", sessionId, keys))
        {
            while (reader.Read())
            {
                held.Add(reader.GetString(0));
            }
        }

        var next = Convert.ToInt64(Scalar("SELECT coalesce(max(idx) + 1, 0) FROM session_events WHERE session_id = $1", sessionId), System.Globalization.CultureInfo.InvariantCulture);
        var added = new List<PreparedEvent>();
        var addedAt = new Dictionary<string, int>(StringComparer.Ordinal);
        var offPath = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var prepared in events)
        {
            var key = prepared.Event.SourceKey;
            if (held.Contains(key))
            {
                offPath[key] = prepared.Event.OffPath;
            }
            else if (addedAt.TryGetValue(key, out var position))
            {
                added[position] = added[position] with { Event = added[position].Event with { OffPath = prepared.Event.OffPath } };
            }
            else
            {
                addedAt[key] = added.Count;
                added.Add(prepared);
            }
        }

        using var batch = new NpgsqlBatch(connection, transaction);
        for (var i = 0; i < added.Count; i++)
        {
            var (e, raw) = added[i];
            batch.BatchCommands.Add(BatchCommand(
                """
                INSERT INTO session_events (session_id, idx, source_key, kind, at, text, tool_use_id, tool_name, tool_input, is_error, off_path, file, line, exit_code, raw)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
                """,
                sessionId, next + i, e.SourceKey, (int)e.Kind, AccessRows.Ticks(e.Timestamp), e.Text, e.ToolUseId, e.ToolName, e.ToolInput, e.IsError, e.OffPath,
                e.File, e.Line, e.ExitCode, raw));
        }

        foreach (var (key, off) in offPath)
        {
            batch.BatchCommands.Add(BatchCommand(
                "UPDATE session_events SET off_path = $3 WHERE session_id = $1 AND source_key = $2 AND off_path <> $3", sessionId, key, off));
        }

        if (batch.BatchCommands.Count > 0)
        {
            batch.ExecuteNonQuery();
        }

        return added.Count;
    }

    public void DeleteSession(string sessionId) => Execute("DELETE FROM sessions WHERE id = $1", sessionId);

    /// <summary>Locks the session's row for the rest of the transaction (once per transaction); nothing when it does not exist.</summary>
    private void LockSession(string sessionId)
    {
        if (_lockedSessions.Add(sessionId))
        {
            Execute("SELECT 1 FROM sessions WHERE id = $1 FOR NO KEY UPDATE", sessionId);
        }
    }

    private static NpgsqlBatchCommand BatchCommand(string sql, params object?[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        return command;
    }
}
