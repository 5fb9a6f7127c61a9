using Engram.Errors;
using Engram.Web.Search;
using Microsoft.AspNetCore.Mvc;

namespace Engram.Web.Pages.Search;

/// <summary>
/// Searching memories from the top bar: the store chosen there, or every store the caller can see; each result with
/// its path, description, highlighted snippet, score and mode, linked to the memory's page.
/// </summary>
internal sealed class IndexModel(UiSearch search) : UiPageModel
{
    [FromQuery(Name = "q")]
    public string? Query { get; set; }

    [FromQuery(Name = "store")]
    public string? StoreWanted { get; set; }

    [FromQuery(Name = "page")]
    public string? PageToken { get; set; }

    public SearchFound? Found { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var query = Query?.Trim();
        if (string.IsNullOrEmpty(query))
        {
            return Page();
        }

        try
        {
            var stores = await search.StoresAsync(Caller, string.IsNullOrWhiteSpace(StoreWanted) ? null : StoreWanted.Trim(), Aborted);
            Found = await search.SearchAsync(Caller, stores, query, PageToken, Aborted);
            return Page();
        }
        catch (InvalidRequestException invalid)
        {
            ModelState.AddModelError(invalid.Field == "store" ? "top-store" : "search-q", $"{invalid.Field}: {invalid.Rule}");
            var page = Page();
            page.StatusCode = 400;
            return page;
        }
    }

    public string More(string token) => "/ui/search" + Microsoft.AspNetCore.Http.QueryString.Create(new KeyValuePair<string, string?>[] { new("q", Query), new("store", StoreWanted), new("page", token) });
}
