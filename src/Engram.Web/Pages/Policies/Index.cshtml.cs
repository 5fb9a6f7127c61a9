using Engram.Memories;
using Engram.Web.Review;
using Microsoft.AspNetCore.Mvc;

namespace Engram.Web.Pages.Policies;

/// <summary>The stores whose policies the caller may look at: each store's page says whether the library lets it.</summary>
internal sealed class IndexModel(UiReview review) : UiPageModel
{
    public IReadOnlyList<MemoryStore> Stores { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync([FromQuery(Name = "store")] string? store)
    {
        Stores = await review.StoresAsync(Caller, Aborted);
        return Stores.FirstOrDefault(s => s.Id == store || s.Name == store) is { } chosen
            ? LocalRedirect($"/ui/stores/{chosen.Id}/policies")
            : Stores.Count == 1 ? LocalRedirect($"/ui/stores/{Stores[0].Id}/policies") : Page();
    }
}
