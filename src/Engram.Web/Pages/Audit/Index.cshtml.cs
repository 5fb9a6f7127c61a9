using Engram.Client;
using Engram.Access.Audit;
using Engram.Errors;
using Engram.Memories;
using Engram.Web.Governance;
using Engram.Web.Review;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Engram.Web.Pages.Audit;

/// <summary>
/// The audit log, newest first and paged, filtered by actor, action, store, denials only and a start time. The library
/// decides what it holds for the caller: every event for admins, the caller's own for anyone else (less refusals
/// answered as not found, which would tell it what exists).
/// </summary>
internal sealed class IndexModel(UiReview review, EngramEngine engine) : UiPageModel
{
    /// <summary>Events on one page.</summary>
    public const int PageSize = 50;

    [FromQuery(Name = "actor")]
    public string? Actor { get; set; }

    [FromQuery(Name = "action")]
    public string? Action { get; set; }

    [FromQuery(Name = "store")]
    public string? Store { get; set; }

    [FromQuery(Name = "denied")]
    public bool Denied { get; set; }

    [FromQuery(Name = "since")]
    public string? Since { get; set; }

    [FromQuery(Name = "page")]
    public string? PageToken { get; set; }

    public IReadOnlyList<AuditEvent> Events { get; private set; } = [];

    public string? NextPage { get; private set; }

    public IReadOnlyList<MemoryStore> Stores { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        Stores = await review.StoresAsync(Caller, Aborted);
        try
        {
            var storeId = Blank(Store) is { } wanted
                ? Stores.FirstOrDefault(s => s.Id == wanted || s.Name == wanted)?.Id ?? throw new InvalidRequestException("store", $"no store you can see has the id or name \"{wanted}\"")
                : null;
            var query = new AuditQuery(storeId, Blank(Actor), Blank(Action), Denied ? AuditOutcome.Denied : null,
                TimeInput.Parse(Since, engine.Time.GetUtcNow(), "since"), PageSize, Blank(PageToken));
            var page = await engine.Audit.ListAsync(Caller, query, Aborted);
            Events = page.Data;
            NextPage = page.NextPage;
            return Page();
        }
        catch (InvalidRequestException invalid)
        {
            ModelState.AddModelError($"filter-{invalid.Field}", $"{invalid.Field}: {invalid.Rule}");
            var refused = Page();
            refused.StatusCode = StatusCodes.Status400BadRequest;
            return refused;
        }
    }

    /// <summary>A store's name when the caller can see it, else its id.</summary>
    public string StoreName(string? storeId) => storeId is null ? "—" : Stores.FirstOrDefault(s => s.Id == storeId)?.Name ?? storeId;

    /// <summary>Where a target leads in this UI (a proposal, dream or session), or null.</summary>
    public static string? LinkOf(AuditEvent e) => e.Target switch
    {
        { } id when id.StartsWith("prop_", StringComparison.Ordinal) => $"/ui/proposals/{id}{(e.StoreId is null ? "" : $"?in={e.StoreId}")}",
        { } id when id.StartsWith("drm_", StringComparison.Ordinal) => $"/ui/dreams/{id}",
        { } id when id.StartsWith("sesn_", StringComparison.Ordinal) => $"/ui/sessions/{id}",
        _ => null,
    };

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
