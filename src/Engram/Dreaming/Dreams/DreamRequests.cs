namespace Engram.Dreaming.Dreams;

/// <summary>Start a dream over one store and a selection of sessions.</summary>
/// <param name="StoreId">The input store (<c>memstore_</c>).</param>
/// <param name="Selection">The sessions to read.</param>
/// <param name="Model">The model; analysed by the rule-based analyzers alone when no model client is configured.</param>
/// <param name="Instructions">1 to 4,096 characters that steer what to look for and what to ignore, or null.</param>
/// <param name="OutputBehavior">Create a new store (default) or update the input.</param>
/// <param name="UpdateStoreId">For <see cref="DreamOutputBehavior.UpdateExisting"/>: must equal <paramref name="StoreId"/>.</param>
public sealed record CreateDreamRequest(
    string StoreId,
    SessionSelection Selection,
    DreamModel Model,
    string? Instructions = null,
    DreamOutputBehavior OutputBehavior = DreamOutputBehavior.CreateNew,
    string? UpdateStoreId = null);

/// <summary>List dreams, newest first.</summary>
/// <param name="Statuses">Only these statuses, when given.</param>
/// <param name="IncludeArchived">Archived dreams are hidden unless asked for.</param>
/// <param name="CreatedAfter">created_at[gt].</param>
/// <param name="CreatedBefore">created_at[lt].</param>
/// <param name="Limit">1 to 100, default 20.</param>
/// <param name="Page">The previous page's next_page.</param>
public sealed record DreamListQuery(
    IReadOnlyList<DreamStatus>? Statuses = null,
    bool IncludeArchived = false,
    DateTimeOffset? CreatedAfter = null,
    DateTimeOffset? CreatedBefore = null,
    int? Limit = null,
    string? Page = null);
