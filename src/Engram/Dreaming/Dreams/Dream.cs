using Engram.Access;

namespace Engram.Dreaming.Dreams;

/// <summary>
/// One dream: it reads one memory store and a set of sessions, and proposes changes to the store. The shape
/// follows the hosted Dreams API; <see cref="Progress"/>, <see cref="Selection"/> and <see cref="CreatedBy"/> are
/// Engram extensions.
/// </summary>
public sealed record Dream(
    string Id,
    DreamStatus Status,
    string StoreId,
    SessionSelection Selection,
    string? Instructions,
    DreamModel Model,
    DreamOutputBehavior OutputBehavior,
    string? OutputStoreId,
    DreamUsage Usage,
    DreamError? Error,
    DreamProgress Progress,
    Actor CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? EndedAt,
    DateTimeOffset? ArchivedAt)
{
    /// <summary>The API key the dream was created with, when there was one.</summary>
    public string? ApiKeyId { get; init; }

    /// <summary>Extension: how the patterns of earlier dreams' applied proposals fared in this dream's later sessions.</summary>
    public IReadOnlyList<DreamEffect> Effects { get; init; } = [];

    /// <summary>Extension: what the analysis ran on once it has run: <see cref="DreamAnalysis.Rules"/> or <see cref="DreamAnalysis.RulesAndModel"/>.</summary>
    public string? Analysis { get; init; }

    /// <summary>Extension: the model path failed (the provider, named, could not answer) and the dream finished with the rule-based proposals alone; null when nothing failed.</summary>
    public DreamError? Degraded { get; init; }

    /// <summary>Extension: how the rules read each sentence of the instructions once the dream ran (what it dropped or kept, a threshold, or nothing by rule).</summary>
    public IReadOnlyList<Synthesis.InstructionReading> InstructionsRead { get; init; } = [];

    /// <summary>Pending or running: it may still write, so it holds an <c>update_existing</c> target.</summary>
    public bool IsUnfinished => Status is DreamStatus.Pending or DreamStatus.Running;
}

/// <summary>What a dream's analysis ran on.</summary>
internal static class DreamAnalysis
{
    /// <summary>Rules alone: no model was configured, or none could answer.</summary>
    public const string Rules = "rules";

    /// <summary>The rules and model sub-agents.</summary>
    public const string RulesAndModel = "rules_and_model";
}

/// <summary>Where a dream stands; the wire names are lowercase.</summary>
public enum DreamStatus
{
    /// <summary>Created, waiting for a worker.</summary>
    Pending = 1,
    /// <summary>Being analysed.</summary>
    Running = 2,
    /// <summary>Finished; its proposals and outputs are recorded.</summary>
    Completed = 3,
    /// <summary>Stopped by an error; <see cref="Dream.Error"/> says which.</summary>
    Failed = 4,
    /// <summary>Stopped on request.</summary>
    Canceled = 5,
}

/// <summary>The lowercase names of <see cref="DreamStatus"/>, as the API and messages use them.</summary>
internal static class DreamStatusNames
{
    /// <summary>The statuses in the order messages list them.</summary>
    public static IReadOnlyList<DreamStatus> Statuses { get; } =
        [DreamStatus.Pending, DreamStatus.Running, DreamStatus.Completed, DreamStatus.Failed, DreamStatus.Canceled];

    /// <summary><c>pending</c>, <c>running</c>, <c>completed</c>, <c>failed</c> or <c>canceled</c>.</summary>
    public static string Of(DreamStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>The status an exact lowercase name stands for, or null when it names none.</summary>
    public static DreamStatus? Find(string text) => Statuses.FirstOrDefault(s => Of(s) == text) is var status && status != default ? status : null;

    /// <summary>The status <paramref name="text"/> names, or a refusal naming <paramref name="field"/>: the one reading every face shares.</summary>
    public static DreamStatus Parse(string text, string field) =>
        Find(text) ?? throw new Errors.InvalidRequestException(field, $"must be {string.Join(", ", Statuses.Take(Statuses.Count - 1).Select(Of))} or {Of(Statuses[^1])} (got \"{text}\")");
}

/// <summary>What a dream writes: a new store (the default), or the input store itself.</summary>
public enum DreamOutputBehavior
{
    /// <summary>Copy the input store (rows, not text) and apply the proposals to the copy.</summary>
    CreateNew = 1,
    /// <summary>Apply the proposals to the input store, with preconditions.</summary>
    UpdateExisting = 2,
}

/// <summary>The model a dream asks for: <c>{id, speed}</c>; <c>speed</c> is <c>standard</c> unless given.</summary>
public sealed record DreamModel(string Id, string Speed = "standard");

/// <summary>Tokens a dream has spent, as the hosted API counts them.</summary>
public sealed record DreamUsage(long InputTokens, long OutputTokens, long CacheCreationInputTokens, long CacheReadInputTokens)
{
    /// <summary>Nothing spent.</summary>
    public static DreamUsage None { get; } = new(0, 0, 0, 0);

    /// <summary>The sum of two counts.</summary>
    public DreamUsage Plus(DreamUsage other) => new(
        InputTokens + other.InputTokens, OutputTokens + other.OutputTokens,
        CacheCreationInputTokens + other.CacheCreationInputTokens, CacheReadInputTokens + other.CacheReadInputTokens);
}

/// <summary>Why a dream failed: a wire type such as <c>internal_error</c>, <c>timeout</c> or <c>budget_exceeded</c>, and a message.</summary>
public sealed record DreamError(string Type, string Message);

/// <summary>Extension: how far a dream has come, for live progress.</summary>
/// <param name="Stage">selecting, analyzing, synthesizing, writing, or done.</param>
/// <param name="SessionsTotal">Sessions the dream reads.</param>
/// <param name="SessionsAnalyzed">Sessions whose analysis is recorded (a resumed dream does not read them again).</param>
/// <param name="Proposals">Proposals filed, once written.</param>
public sealed record DreamProgress(string Stage, int SessionsTotal, int SessionsAnalyzed, int Proposals)
{
    /// <summary>A dream not started yet.</summary>
    public static DreamProgress NotStarted { get; } = new("pending", 0, 0, 0);

    /// <summary>The dream's token budget ran out: no further model batches were started, and it finishes with what it has.</summary>
    public bool TokenBudgetReached { get; init; }
}

/// <summary>
/// Which sessions a dream reads: the ids given (any number, beyond the hosted limit of 100), or a filter
/// resolved when the dream is created, or both (their union). A filter chooses every session with a transcript that
/// <see cref="Since"/>, <see cref="Agent"/> and <see cref="AttachedStoreId"/> allow, each when given; one with none of
/// them (<see cref="All"/>) chooses them all. Only sessions the creator may see are read.
/// </summary>
/// <param name="SessionIds">Sessions named by id.</param>
/// <param name="Since">Sessions active at or after this time: their latest event (or, without event times, their recording) is this recent.</param>
/// <param name="Agent">Sessions of this agent.</param>
/// <param name="AttachedStoreId">Sessions that had this store attached.</param>
/// <param name="All">A filter chooses sessions even when it names no criterion (the wire's <c>"filter": {}</c>, the CLI's <c>--all</c>).</param>
public sealed record SessionSelection(
    IReadOnlyList<string> SessionIds, DateTimeOffset? Since = null, string? Agent = null, string? AttachedStoreId = null, bool All = false)
{
    /// <summary>True when a filter (not only ids) chooses sessions.</summary>
    public bool HasFilter => All || Since is not null || Agent is not null || AttachedStoreId is not null;
}
