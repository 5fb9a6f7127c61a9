using Engram.Dreaming.Dreams;
using Engram.Memories;
using Engram.Web.Review;
using Microsoft.AspNetCore.Mvc;

namespace Engram.Web.Pages.Dreams;

/// <summary>The dreams the caller may see (its own; every dream for admins), newest first and paged, with status, progress, usage and cost.</summary>
internal sealed class IndexModel(UiReview review, EngramEngine engine) : UiPageModel
{
    /// <summary>Dreams on one page.</summary>
    public const int PageSize = 25;

    /// <summary>The statuses the filter offers, as the API names them.</summary>
    public static IReadOnlyList<string> Statuses { get; } = [.. DreamStatusNames.Statuses.Select(DreamStatusNames.Of)];

    [FromQuery(Name = "status")]
    public string? Status { get; set; }

    [FromQuery(Name = "archived")]
    public bool Archived { get; set; }

    [FromQuery(Name = "page")]
    public string? PageToken { get; set; }

    public IReadOnlyList<Dream> Dreams { get; private set; } = [];

    public string? NextPage { get; private set; }

    public IReadOnlyDictionary<string, MemoryStore> Stores { get; private set; } = new Dictionary<string, MemoryStore>();

    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync()
    {
        Now = engine.Time.GetUtcNow();
        Stores = (await review.StoresAsync(Caller, Aborted)).ToDictionary(s => s.Id, StringComparer.Ordinal);
        DreamStatus? status = string.IsNullOrEmpty(Status) ? null
            : DreamStatusNames.Parse(Status, "status");
        var page = await engine.Dreams.ListAsync(Caller, new DreamListQuery(status is null ? null : [status.Value], Archived, Limit: PageSize, Page: PageToken), Aborted);
        Dreams = page.Data;
        NextPage = page.NextPage;
    }

    /// <summary>A store's name when the caller can see it, else its id.</summary>
    public string StoreName(string? storeId) => storeId is null ? "—" : Stores.TryGetValue(storeId, out var store) ? store.Name : storeId;
}
