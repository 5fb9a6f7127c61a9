using Engram.Dreaming.Dreams;
using Engram.Memories;
using Engram.Storage;

namespace Engram.Sqlite;

internal sealed partial class SqliteStorageWriter
{
    public Dream? GetDream(string dreamId)
    {
        using var reader = Query($"SELECT {DreamRows.Columns} FROM dreams d WHERE d.id = $id", ("$id", dreamId));
        return reader.Read() ? DreamRows.Read(reader) : null;
    }

    public Dream? FindUnfinishedDreamWriting(string storeId)
    {
        using var reader = Query(
            $"SELECT {DreamRows.Columns} FROM dreams d WHERE d.status IN (1, 2) AND d.output_behavior = 2 AND d.store_id = $store ORDER BY d.created_at, d.id LIMIT 1",
            ("$store", storeId));
        return reader.Read() ? DreamRows.Read(reader) : null;
    }

    public void InsertDream(Dream dream, IReadOnlyList<string> sessionIds)
    {
        Execute(
            """
            INSERT INTO dreams (id, status, store_id, selection, instructions, model_id, model_speed, output_behavior, output_store_id,
                                input_tokens, output_tokens, cache_creation_tokens, cache_read_tokens, error_type, error_message, stage,
                                sessions_total, sessions_analyzed, proposals, created_by_type, created_by_id, api_key_id, created_at, ended_at,
                                archived_at, budget_reached, effects, analysis, degraded_type, degraded_message, instructions_read)
            VALUES ($id, $status, $store, $selection, $instructions, $modelId, $modelSpeed, $output, $outputStore, $in, $out, $cacheCreation,
                    $cacheRead, $errorType, $errorMessage, $stage, $total, $analyzed, $proposals, $byType, $byId, $apiKey, $created, $ended,
                    $archived, $budget, $effects, $analysis, $degradedType, $degradedMessage, $instructionsRead)
            """,
            DreamRows.Parameters(dream));
        for (var i = 0; i < sessionIds.Count; i++)
        {
            Execute("INSERT INTO dream_sessions (dream_id, ordinal, session_id) VALUES ($dream, $ordinal, $session)",
                ("$dream", dream.Id), ("$ordinal", i), ("$session", sessionIds[i]));
        }
    }

    public void UpdateDream(Dream dream)
    {
        if (dream.OutputStoreId is { } copy)
        {
            // A copy's rules follow its source (PolicySet): caches of the rules reload when a dream names its copy.
            Execute(
                "UPDATE settings SET value = value + 1 WHERE key = 'policy_epoch' AND EXISTS (SELECT 1 FROM dreams WHERE id = $id AND output_store_id IS NOT $copy)",
                ("$id", dream.Id), ("$copy", copy));
        }

        UpdateDreamRow(dream);
    }

    private void UpdateDreamRow(Dream dream) => Execute(
        """
        UPDATE dreams SET status = $status, store_id = $store, selection = $selection, instructions = $instructions, model_id = $modelId,
                          model_speed = $modelSpeed, output_behavior = $output, output_store_id = $outputStore, input_tokens = $in,
                          output_tokens = $out, cache_creation_tokens = $cacheCreation, cache_read_tokens = $cacheRead, error_type = $errorType,
                          error_message = $errorMessage, stage = $stage, sessions_total = $total, sessions_analyzed = $analyzed,
                          proposals = $proposals, created_by_type = $byType, created_by_id = $byId, api_key_id = $apiKey, created_at = $created,
                          ended_at = $ended, archived_at = $archived, budget_reached = $budget,
                          effects = $effects, analysis = $analysis, degraded_type = $degradedType, degraded_message = $degradedMessage,
                          instructions_read = $instructionsRead
        WHERE id = $id
        """,
        DreamRows.Parameters(dream));

    public int RecordDreamAnalyses(string dreamId, IReadOnlyList<DreamSessionAnalysis> analyses)
    {
        var recorded = 0;
        foreach (var analysis in analyses)
        {
            recorded += Execute(
                "UPDATE dream_sessions SET analysis = $analysis, signals = $signals WHERE dream_id = $dream AND ordinal = $ordinal AND analysis IS NULL",
                ("$dream", dreamId), ("$ordinal", analysis.Ordinal), ("$analysis", analysis.Analysis), ("$signals", analysis.Signals));
        }

        return recorded;
    }

    public void RecordDreamFindings(string dreamId, IReadOnlyList<DreamSessionFindings> findings)
    {
        foreach (var found in findings)
        {
            Execute("UPDATE dream_sessions SET findings = $findings WHERE dream_id = $dream AND ordinal = $ordinal AND findings IS NULL",
                ("$dream", dreamId), ("$ordinal", found.Ordinal), ("$findings", found.Findings));
        }
    }

    public void RecordDreamPatterns(string dreamId, IReadOnlyList<string> patterns)
    {
        Execute("DELETE FROM dream_patterns WHERE dream_id = $dream", ("$dream", dreamId));
        for (var i = 0; i < patterns.Count; i++)
        {
            Execute("INSERT INTO dream_patterns (dream_id, ordinal, pattern) VALUES ($dream, $ordinal, $pattern)",
                ("$dream", dreamId), ("$ordinal", i), ("$pattern", patterns[i]));
        }
    }

    public IReadOnlyList<Memory> ListStoreMemories(string storeId)
    {
        var memories = new List<Memory>();
        using var reader = Query($"{Rows.SelectMemory(false)} WHERE m.store_id = $store ORDER BY m.path", ("$store", storeId));
        while (reader.Read())
        {
            memories.Add(Rows.ReadMemory(reader));
        }

        return memories;
    }
}
