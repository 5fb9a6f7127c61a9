using System.Globalization;
using System.Text.Json;
using Engram.Dreaming.Dreams;
using Npgsql;

namespace Engram.Postgres;

/// <summary>How dream rows map to <see cref="Dream"/>.</summary>
internal static class DreamRows
{
    public const string Columns =
        "d.id, d.status, d.store_id, d.selection, d.instructions, d.model_id, d.model_speed, d.output_behavior, d.output_store_id, " +
        "d.input_tokens, d.output_tokens, d.cache_creation_tokens, d.cache_read_tokens, d.error_type, d.error_message, d.stage, " +
        "d.sessions_total, d.sessions_analyzed, d.proposals, d.created_by_type, d.created_by_id, d.api_key_id, d.created_at, d.ended_at, " +
        "d.archived_at, d.budget_reached, d.effects, d.analysis, d.degraded_type, d.degraded_message, d.instructions_read";

    /// <summary>The columns an insert or update writes, in <see cref="Parameters"/> order ($1 is the id).</summary>
    public const string WrittenColumns =
        "id, status, store_id, selection, instructions, model_id, model_speed, output_behavior, output_store_id, " +
        "input_tokens, output_tokens, cache_creation_tokens, cache_read_tokens, error_type, error_message, stage, " +
        "sessions_total, sessions_analyzed, proposals, created_by_type, created_by_id, api_key_id, created_at, ended_at, " +
        "archived_at, budget_reached, effects, analysis, degraded_type, degraded_message, instructions_read";

    /// <summary>Every written column but the id, for an update ($2 onwards).</summary>
    public static readonly string UpdatedColumns = WrittenColumns["id, ".Length..];

    /// <summary>How the opaque JSON columns are written: camelCase, read back into the same records (as on SQLite).</summary>
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Dream Read(NpgsqlDataReader r) => new(
        r.GetString(0),
        (DreamStatus)r.GetInt32(1),
        r.GetString(2),
        JsonSerializer.Deserialize<SessionSelection>(r.GetString(3), Json)!,
        AccessRows.StringOrNull(r, 4),
        new DreamModel(r.GetString(5), r.GetString(6)),
        (DreamOutputBehavior)r.GetInt32(7),
        AccessRows.StringOrNull(r, 8),
        new DreamUsage(r.GetInt64(9), r.GetInt64(10), r.GetInt64(11), r.GetInt64(12)),
        r.IsDBNull(13) ? null : new DreamError(r.GetString(13), AccessRows.StringOrNull(r, 14) ?? ""),
        new DreamProgress(r.GetString(15), r.GetInt32(16), r.GetInt32(17), r.GetInt32(18)) { TokenBudgetReached = r.GetBoolean(25) },
        AccessRows.ReadActor(r, 19)!,
        AccessRows.Time(r.GetInt64(22)),
        AccessRows.TimeOrNull(r, 23),
        AccessRows.TimeOrNull(r, 24))
    {
        ApiKeyId = AccessRows.StringOrNull(r, 21),
        Effects = r.IsDBNull(26) ? [] : JsonSerializer.Deserialize<DreamEffect[]>(r.GetString(26), Json)!,
        Analysis = AccessRows.StringOrNull(r, 27),
        Degraded = r.IsDBNull(28) ? null : new DreamError(r.GetString(28), AccessRows.StringOrNull(r, 29) ?? ""),
        InstructionsRead = r.IsDBNull(30) ? [] : JsonSerializer.Deserialize<Engram.Dreaming.Synthesis.InstructionReading[]>(r.GetString(30), Json)!,
    };

    /// <summary>Every written column's value, in <see cref="WrittenColumns"/> order.</summary>
    public static object?[] Parameters(Dream d) =>
    [
        d.Id, (int)d.Status, d.StoreId, JsonSerializer.Serialize(d.Selection, Json), d.Instructions, d.Model.Id, d.Model.Speed, (int)d.OutputBehavior,
        d.OutputStoreId, d.Usage.InputTokens, d.Usage.OutputTokens, d.Usage.CacheCreationInputTokens, d.Usage.CacheReadInputTokens,
        d.Error?.Type, d.Error?.Message, d.Progress.Stage, d.Progress.SessionsTotal, d.Progress.SessionsAnalyzed, d.Progress.Proposals,
        (int)d.CreatedBy.Type, d.CreatedBy.Id, d.ApiKeyId, d.CreatedAt.UtcTicks, AccessRows.Ticks(d.EndedAt), AccessRows.Ticks(d.ArchivedAt),
        d.Progress.TokenBudgetReached, d.Effects.Count == 0 ? null : JsonSerializer.Serialize(d.Effects, Json),
        d.Analysis, d.Degraded?.Type, d.Degraded?.Message,
        d.InstructionsRead.Count == 0 ? null : JsonSerializer.Serialize(d.InstructionsRead, Json),
    ];

    /// <summary>A transcript's <c>started_at</c> as its metadata JSON holds it, or null.</summary>
    public static DateTimeOffset? ParseTime(NpgsqlDataReader r, int column) =>
        !r.IsDBNull(column) && DateTimeOffset.TryParse(r.GetString(column), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at.ToUniversalTime()
            : null;
}
