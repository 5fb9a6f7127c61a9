using Engram.Access;
using Engram.Web.Governance;
using Engram.Web.Http;
using Microsoft.AspNetCore.Mvc;

namespace Engram.Web.Pages.Admin;

/// <summary>
/// Agent sessions as principals: who registered each, its stores and whether its token still works; ending one,
/// behind a confirmation, stops its token at once. Admins only. Paged, newest first; active ones unless asked for all.
/// </summary>
[AdminPage]
internal sealed class SessionsModel(EngramEngine engine, Review.UiReview review) : UiPageModel
{
    /// <summary>Sessions on one page.</summary>
    public const int PageSize = 50;

    /// <summary>active (default), ended, or all.</summary>
    [FromQuery(Name = "state")]
    public string? State { get; set; }

    [FromQuery(Name = "agent")]
    public string? Agent { get; set; }

    [FromQuery(Name = "page")]
    public string? PageToken { get; set; }

    /// <summary>The session to confirm ending, when the page asks.</summary>
    [FromQuery(Name = "end")]
    public string? ConfirmEnd { get; set; }

    /// <summary>The session just ended, for the notice.</summary>
    [FromQuery(Name = "ended")]
    public string? Ended { get; set; }

    public IReadOnlyList<AgentSession> Sessions { get; private set; } = [];

    public string? NextPage { get; private set; }

    public AgentSession? Confirming { get; private set; }

    public IReadOnlyDictionary<string, string> StoreNames { get; private set; } = new Dictionary<string, string>();

    /// <summary>A store's name, or its id when it is gone.</summary>
    public string StoreName(string storeId) => StoreNames.TryGetValue(storeId, out var name) ? name : storeId;

    public Task OnGetAsync() => LoadAsync();

    public Task<IActionResult> OnPostEndAsync([FromForm(Name = "id")] string? id) => FormAsync(async () =>
    {
        var ended = await engine.Access.EndSessionAsync(Caller, id ?? "", Aborted);
        return LocalRedirect($"/ui/admin/sessions?ended={Uri.EscapeDataString(ended.Id)}");
    }, LoadAsync);

    private async Task LoadAsync()
    {
        bool? active = State switch { null or "" or "active" => true, "ended" => false, "all" => null, _ => throw new Errors.InvalidRequestException("state", $"must be active, ended or all (got \"{State}\")") };
        var page = await engine.Access.ListSessionsAsync(Caller, new SessionListQuery(string.IsNullOrWhiteSpace(Agent) ? null : Agent.Trim(), Active: active, Limit: PageSize, Page: PageToken), Aborted);
        Sessions = page.Data;
        StoreNames = (await review.StoresAsync(Caller, Aborted)).ToDictionary(s => s.Id, s => s.Name, StringComparer.Ordinal);
        NextPage = page.NextPage;
        if (ConfirmEnd is { } id)
        {
            Confirming = Sessions.FirstOrDefault(s => s.Id == id) ?? await engine.Access.GetSessionAsync(Caller, id, Aborted);
        }
    }
}
