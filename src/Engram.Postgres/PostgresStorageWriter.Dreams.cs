using Engram.Dreaming.Dreams;
using Engram.Storage;

namespace Engram.Postgres;

/// <summary>
/// A unit that reads a dream locks its row (<see cref="GetDream"/>), so the runner's conditional writes ("only if
/// still running"), a cancel and a second runner resuming the same dream on another node apply one after the other,
/// each to what the one before committed: a dream is completed, failed or canceled once.
/// </summary>
internal sealed partial class PostgresStorageWriter : IDreamWriter
{
    private readonly HashSet<string> _lockedDreams = new(StringComparer.Ordinal);

    /// <summary>The dream, its row locked until the unit ends.</summary>
    public Dream? GetDream(string dreamId)
    {
        _lockedDreams.Add(dreamId);
        using var reader = Query($"SELECT {DreamRows.Columns} FROM dreams d WHERE d.id = $1 FOR NO KEY UPDATE", dreamId);
        return reader.Read() ? DreamRows.Read(reader) : null;
    }

    /// <summary>
    /// Looked for under the store's row lock (<see cref="LockStore"/>), which the create that follows in the same unit
    /// still holds: two creates on two nodes cannot both find the store free.
    /// </summary>
    public Dream? FindUnfinishedDreamWriting(string storeId)
    {
        LockStore(storeId);
        using var reader = Query(
            $"SELECT {DreamRows.Columns} FROM dreams d WHERE d.status IN (1, 2) AND d.output_behavior = 2 AND d.store_id = $1 ORDER BY d.created_at, d.id LIMIT 1",
            storeId);
        return reader.Read() ? DreamRows.Read(reader) : null;
    }

    public void InsertDream(Dream dream, IReadOnlyList<string> sessionIds)
    {
        Execute($"INSERT INTO dreams ({DreamRows.WrittenColumns}) VALUES ({Placeholders(1, 31)})", DreamRows.Parameters(dream));
        _lockedDreams.Add(dream.Id);
        if (sessionIds.Count > 0)
        {
            Execute(
                "INSERT INTO dream_sessions (dream_id, ordinal, session_id) SELECT $1, (s.n - 1)::integer, s.id FROM unnest($2::text[]) WITH ORDINALITY AS s(id, n)",
                dream.Id, sessionIds.ToArray());
        }
    }

    public void UpdateDream(Dream dream)
    {
        LockDream(dream.Id);
        if (dream.OutputStoreId is { } copy)
        {
            // A copy's rules follow its source (PolicySet): every node's rule cache reloads when a dream names its copy.
            BumpPolicyEpoch("EXISTS (SELECT 1 FROM dreams WHERE id = $1 AND output_store_id IS DISTINCT FROM $2::text)", dream.Id, copy);
        }

        Execute($"UPDATE dreams SET ({DreamRows.UpdatedColumns}) = ({Placeholders(2, 31)}) WHERE id = $1", DreamRows.Parameters(dream));
    }

    /// <summary>
    /// One statement under the dream's lock; a session already analysed (by a runner on this node or another) is
    /// skipped, and only rows actually written are counted. Without the lock, an update that waited for another's row
    /// re-checks <c>analysis IS NULL</c> on the committed row, so the count would still be exact.
    /// </summary>
    public int RecordDreamAnalyses(string dreamId, IReadOnlyList<DreamSessionAnalysis> analyses)
    {
        var first = analyses.DistinctBy(a => a.Ordinal).ToArray(); // as one statement per analysis: the first for an ordinal is the one recorded
        if (first.Length == 0)
        {
            return 0;
        }

        LockDream(dreamId);
        return Execute(
            """
            UPDATE dream_sessions ds SET analysis = a.analysis, signals = a.signals
            FROM unnest($2::integer[], $3::text[], $4::integer[]) AS a(ordinal, analysis, signals)
            WHERE ds.dream_id = $1 AND ds.ordinal = a.ordinal AND ds.analysis IS NULL
            """,
            dreamId, first.Select(a => a.Ordinal).ToArray(), first.Select(a => a.Analysis).ToArray(), first.Select(a => a.Signals).ToArray());
    }

    public void RecordDreamFindings(string dreamId, IReadOnlyList<DreamSessionFindings> findings)
    {
        var first = findings.DistinctBy(f => f.Ordinal).ToArray();
        if (first.Length == 0)
        {
            return;
        }

        LockDream(dreamId);
        Execute(
            """
            UPDATE dream_sessions ds SET findings = f.findings
            FROM unnest($2::integer[], $3::text[]) AS f(ordinal, findings)
            WHERE ds.dream_id = $1 AND ds.ordinal = f.ordinal AND ds.findings IS NULL
            """,
            dreamId, first.Select(f => f.Ordinal).ToArray(), first.Select(f => f.Findings).ToArray());
    }

    /// <summary>Replaced under the dream's lock, so two replacements on two nodes do not collide on the ordinals.</summary>
    public void RecordDreamPatterns(string dreamId, IReadOnlyList<string> patterns)
    {
        LockDream(dreamId);
        Execute("DELETE FROM dream_patterns WHERE dream_id = $1", dreamId);
        if (patterns.Count > 0)
        {
            Execute(
                "INSERT INTO dream_patterns (dream_id, ordinal, pattern) SELECT $1, (p.n - 1)::integer, p.pattern FROM unnest($2::text[]) WITH ORDINALITY AS p(pattern, n)",
                dreamId, patterns.ToArray());
        }
    }

    /// <summary>Locks the dream's row for the rest of the transaction (once per transaction); nothing when it does not exist.</summary>
    private void LockDream(string dreamId)
    {
        if (_lockedDreams.Add(dreamId))
        {
            Execute("SELECT 1 FROM dreams WHERE id = $1 FOR NO KEY UPDATE", dreamId);
        }
    }

    /// <summary><c>$first, ..., $last</c>.</summary>
    private static string Placeholders(int first, int last) => string.Join(", ", Enumerable.Range(first, last - first + 1).Select(i => $"${i}"));
}
