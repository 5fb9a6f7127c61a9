using System.Globalization;
using System.Text.Json;
using Engram.Access;
using Engram.Dreaming.Dreams;
using Microsoft.Data.Sqlite;

namespace Engram.Sqlite;

/// <summary>How dream rows map to <see cref="Dream"/>.</summary>
internal static class DreamRows
{
    public const string Columns =
        "d.id, d.status, d.store_id, d.selection, d.instructions, d.model_id, d.model_speed, d.output_behavior, d.output_store_id, " +
        "d.input_tokens, d.output_tokens, d.cache_creation_tokens, d.cache_read_tokens, d.error_type, d.error_message, d.stage, " +
        "d.sessions_total, d.sessions_analyzed, d.proposals, d.created_by_type, d.created_by_id, d.api_key_id, d.created_at, d.ended_at, " +
        "d.archived_at, d.budget_reached, d.effects, d.analysis, d.degraded_type, d.degraded_message, d.instructions_read";

    public static Dream Read(SqliteDataReader r) => new(
        r.GetString(0),
        (DreamStatus)r.GetInt32(1),
        r.GetString(2),
        JsonSerializer.Deserialize<SessionSelection>(r.GetString(3), Rows.OriginJson)!,
        r.IsDBNull(4) ? null : r.GetString(4),
        new DreamModel(r.GetString(5), r.GetString(6)),
        (DreamOutputBehavior)r.GetInt32(7),
        r.IsDBNull(8) ? null : r.GetString(8),
        new DreamUsage(r.GetInt64(9), r.GetInt64(10), r.GetInt64(11), r.GetInt64(12)),
        r.IsDBNull(13) ? null : new DreamError(r.GetString(13), r.IsDBNull(14) ? "" : r.GetString(14)),
        new DreamProgress(r.GetString(15), r.GetInt32(16), r.GetInt32(17), r.GetInt32(18)) { TokenBudgetReached = r.GetInt32(25) != 0 },
        Rows.ReadActor(r, 19)!,
        Rows.Time(r.GetInt64(22)),
        r.IsDBNull(23) ? null : Rows.Time(r.GetInt64(23)),
        r.IsDBNull(24) ? null : Rows.Time(r.GetInt64(24)))
    {
        ApiKeyId = r.IsDBNull(21) ? null : r.GetString(21),
        Effects = r.IsDBNull(26) ? [] : JsonSerializer.Deserialize<DreamEffect[]>(r.GetString(26), Rows.OriginJson)!,
        Analysis = r.IsDBNull(27) ? null : r.GetString(27),
        Degraded = r.IsDBNull(28) ? null : new DreamError(r.GetString(28), r.IsDBNull(29) ? "" : r.GetString(29)),
        InstructionsRead = r.IsDBNull(30) ? [] : JsonSerializer.Deserialize<Engram.Dreaming.Synthesis.InstructionReading[]>(r.GetString(30), Rows.OriginJson)!,
    };

    /// <summary>The parameters of every column, for insert and update.</summary>
    public static (string Name, object Value)[] Parameters(Dream d) =>
    [
        ("$id", d.Id), ("$status", (int)d.Status), ("$store", d.StoreId), ("$selection", JsonSerializer.Serialize(d.Selection, Rows.OriginJson)),
        ("$instructions", Rows.Db(d.Instructions)), ("$modelId", d.Model.Id), ("$modelSpeed", d.Model.Speed), ("$output", (int)d.OutputBehavior),
        ("$outputStore", Rows.Db(d.OutputStoreId)), ("$in", d.Usage.InputTokens), ("$out", d.Usage.OutputTokens),
        ("$cacheCreation", d.Usage.CacheCreationInputTokens), ("$cacheRead", d.Usage.CacheReadInputTokens),
        ("$errorType", Rows.Db(d.Error?.Type)), ("$errorMessage", Rows.Db(d.Error?.Message)), ("$stage", d.Progress.Stage),
        ("$total", d.Progress.SessionsTotal), ("$analyzed", d.Progress.SessionsAnalyzed), ("$proposals", d.Progress.Proposals),
        ("$byType", (int)d.CreatedBy.Type), ("$byId", d.CreatedBy.Id), ("$apiKey", Rows.Db(d.ApiKeyId)), ("$created", d.CreatedAt.UtcTicks),
        ("$ended", Rows.Db(d.EndedAt)), ("$archived", Rows.Db(d.ArchivedAt)), ("$budget", d.Progress.TokenBudgetReached ? 1 : 0),
        ("$effects", d.Effects.Count == 0 ? DBNull.Value : JsonSerializer.Serialize(d.Effects, Rows.OriginJson)),
        ("$analysis", Rows.Db(d.Analysis)), ("$degradedType", Rows.Db(d.Degraded?.Type)), ("$degradedMessage", Rows.Db(d.Degraded?.Message)),
        ("$instructionsRead", d.InstructionsRead.Count == 0 ? DBNull.Value : JsonSerializer.Serialize(d.InstructionsRead, Rows.OriginJson)),
    ];

    /// <summary>A transcript's <c>started_at</c> as its metadata JSON holds it, or null.</summary>
    public static DateTimeOffset? ParseTime(SqliteDataReader r, int column) =>
        !r.IsDBNull(column) && DateTimeOffset.TryParse(r.GetString(column), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at.ToUniversalTime()
            : null;

    /// <summary>The created_by condition of a listing, matched on type and id.</summary>
    public static (object Type, object Id) CreatedBy(Actor? actor) =>
        actor is null ? (DBNull.Value, DBNull.Value) : ((int)actor.Type, actor.Id);
}
