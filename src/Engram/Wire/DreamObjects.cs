using System.Text.Json.Serialization;

namespace Engram.Wire;

/// <summary>
/// A <c>dream</c> as the compatible API shows it, plus Engram's extensions: <c>progress</c>, the session
/// <c>filter</c> inside the sessions input, <c>created_by</c>, and <c>effects</c>.
/// </summary>
internal sealed record DreamJson(
    string Id,
    string Status,
    IReadOnlyList<DreamInputJson> Inputs,
    string? Instructions,
    DreamModelJson Model,
    DreamOutputBehaviorJson OutputBehavior,
    IReadOnlyList<DreamOutputJson> Outputs,
    string? SessionId,
    DreamUsageJson Usage,
    DreamErrorJson? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset? EndedAt,
    DateTimeOffset? ArchivedAt,
    DreamProgressJson Progress,
    ActorJson CreatedBy,
    IReadOnlyList<DreamEffectJson>? Effects = null)
{
    /// <summary>Always <c>dream</c>.</summary>
    [JsonPropertyOrder(-1)]
    public string Type => "dream";

    /// <summary>Extension: what the analysis ran on once it has run: <c>rules</c> or <c>rules_and_model</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Analysis { get; init; }

    /// <summary>Extension: why the model path failed and the dream finished on the rules alone (the provider's error kind, and a message naming the endpoint).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DreamErrorJson? Degraded { get; init; }

    /// <summary>Extension: how the rules read each sentence of the instructions, once the dream ran.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<InstructionReadingJson>? InstructionsRead { get; init; }
}

/// <summary>Extension: one sentence of a dream's instructions and what the rules took from it.</summary>
internal sealed record InstructionReadingJson(string Sentence, string Reading);

/// <summary>Extension: one candidate pattern a dream considered, and what it decided.</summary>
internal sealed record DreamPatternJson(
    string Signature,
    string Kind,
    string Title,
    int Sessions,
    int SessionsRead,
    int Agents,
    int Occurrences,
    string Decision,
    string Reason,
    string Detail,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ProposalId)
{
    /// <summary>Always <c>dream_pattern</c>.</summary>
    [JsonPropertyOrder(-1)]
    public string Type => "dream_pattern";
}

/// <summary>
/// One entry of <c>inputs</c>: <c>{type: memory_store, memory_store_id}</c> or <c>{type: sessions, session_ids}</c>;
/// the sessions entry may carry Engram's <c>filter</c> extension.
/// </summary>
internal sealed record DreamInputJson(
    string Type,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? MemoryStoreId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? SessionIds,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DreamSessionFilterJson? Filter);

/// <summary>Extension: sessions chosen by time, agent or attached store, resolved when the dream is created.</summary>
internal sealed record DreamSessionFilterJson(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? Since,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Agent,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? MemoryStoreId);

/// <summary>The model, always as an object.</summary>
internal sealed record DreamModelJson(string Id, string Speed);

/// <summary><c>{type: create_new}</c> or <c>{type: update_existing, memory_store_id}</c>.</summary>
internal sealed record DreamOutputBehaviorJson(
    string Type,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? MemoryStoreId);

/// <summary>The memory store holding the result.</summary>
internal sealed record DreamOutputJson(string MemoryStoreId)
{
    /// <summary>Always <c>memory_store</c>.</summary>
    [JsonPropertyOrder(-1)]
    public string Type => "memory_store";
}

/// <summary>Token counts.</summary>
internal sealed record DreamUsageJson(long InputTokens, long OutputTokens, long CacheCreationInputTokens, long CacheReadInputTokens);

/// <summary>Why a dream failed.</summary>
internal sealed record DreamErrorJson(string Type, string Message);

/// <summary>Extension: the stage, sessions analysed of the total, and proposals filed.</summary>
internal sealed record DreamProgressJson(string Stage, int SessionsTotal, int SessionsAnalyzed, int Proposals);

/// <summary>Extension: the dry run's answer; nothing was written.</summary>
internal sealed record DreamEstimateJson(
    int Sessions,
    long Events,
    int SessionsWithSignals,
    bool UsesModel,
    int Batches,
    long EstimatedInputTokens,
    long EstimatedOutputTokens,
    decimal? EstimatedCostUsd,
    long TokenBudget);

/// <summary>Extension: how an earlier dream's applied proposal fared: its pattern before, and in the sessions that started after it was applied.</summary>
internal sealed record DreamEffectJson(
    string ProposalId,
    string DreamId,
    string Signature,
    string Title,
    DateTimeOffset AppliedAt,
    int SessionsBefore,
    int SessionsReadBefore,
    int SessionsAfter,
    int SeenAfter);
