using Engram.Errors;
using Engram.Web.Review;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Engram.Web.Pages.Proposals;

/// <summary>
/// The review inbox: proposals across every store the caller can see, filtered by the query string (store, dream,
/// kind, agent, status, text) and sorted newest or most prevalent first; bulk reject for the ones ticked.
/// </summary>
internal sealed class IndexModel(UiReview review, EngramEngine engine) : UiPageModel
{
    /// <summary>Proposals rejected at once at most: a page's worth.</summary>
    public const int MaxBulk = 200;

    /// <summary>Rows on one page of the inbox: a screenful or two to decide, and a page that renders fast with thousands waiting.</summary>
    public const int PageSize = 50;

    public InboxFilter Filter { get; private set; } = new();

    /// <summary>The rows of this page.</summary>
    public IReadOnlyList<InboxRow> Rows { get; private set; } = [];

    /// <summary>Proposals the filters select, on every page.</summary>
    public int Total { get; private set; }

    /// <summary>This page, from 1 (<c>?page=</c>).</summary>
    public int PageNumber { get; private set; } = 1;

    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);

    /// <summary>The index of this page's first row among all of them.</summary>
    public int First => (PageNumber - 1) * PageSize;

    public IReadOnlyList<Engram.Memories.MemoryStore> Stores { get; private set; } = [];

    /// <summary>Values the filters offer, from the store and status chosen.</summary>
    public IReadOnlyList<string> Dreams { get; private set; } = [];

    public IReadOnlyList<string> Kinds { get; private set; } = [];

    public IReadOnlyList<string> Agents { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    /// <summary>How many the last bulk reject rejected, when the page follows one.</summary>
    public int? Rejected { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        Rejected = int.TryParse(Request.Query["rejected"], out var count) ? count : null;
        await LoadAsync();
        if (ModelState.ErrorCount > 0)
        {
            var page = Page();
            page.StatusCode = StatusCodes.Status400BadRequest;
            return page;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostRejectAsync([FromForm(Name = "ids")] string[]? ids, [FromForm(Name = "note")] string? note)
    {
        var chosen = (ids ?? []).Distinct(StringComparer.Ordinal).ToList();
        return await FormAsync(async () =>
        {
            if (chosen.Count == 0)
            {
                throw new InvalidRequestException("ids", "tick the proposals to reject");
            }

            if (chosen.Count > MaxBulk)
            {
                throw new InvalidRequestException("ids", $"at most {MaxBulk} proposals at once (got {chosen.Count})");
            }

            var rejected = 0;
            foreach (var id in chosen)
            {
                var (store, proposal) = id.Split('/', 2) is [var s, var p] ? (s, p) : throw new InvalidRequestException("ids", $"\"{id}\" is not a store and proposal id");
                try
                {
                    await engine.Review.RejectAsync(Caller, store, proposal, string.IsNullOrWhiteSpace(note) ? null : note, Aborted);
                    rejected++;
                }
                catch (EngramException refused) when (refused is not InvalidRequestException { Field: "note" })
                {
                    ModelState.AddModelError("", $"{proposal}: {(refused.Type == ErrorType.NotFound ? "not found" : refused.Message)}");
                }
            }

            if (ModelState.ErrorCount > 0)
            {
                Rejected = rejected;
                throw new InvalidStateException($"{rejected} of {chosen.Count} were rejected");
            }

            return LocalRedirect("/ui/proposals" + Filter.ToQuery().Add("rejected", rejected.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }, LoadAsync, new Dictionary<string, string> { ["note"] = "bulk-note" });
    }

    private async Task LoadAsync()
    {
        Filter = InboxFilter.From(Request.Query);
        Now = engine.Time.GetUtcNow();
        Stores = await review.StoresAsync(Caller, Aborted);
        try
        {
            var unfiltered = Filter with { Dream = null, Kind = null, Agent = null, Q = null, Sort = null };
            var all = await review.InboxAsync(Caller, unfiltered, Aborted);
            Dreams = [.. all.Select(r => r.Proposal.DreamId).OfType<string>().Distinct().Order(StringComparer.Ordinal)];
            Kinds = [.. all.Select(r => r.Kind).Distinct().Order(StringComparer.Ordinal)];
            Agents = [.. all.SelectMany(r => r.Agents).Distinct().Order(StringComparer.Ordinal)];
            var rows = Filter == unfiltered ? all : await review.InboxAsync(Caller, Filter, Aborted); // read once when no filter narrows it
            Total = rows.Count;
            PageNumber = int.TryParse(Request.Query["page"], out var number) ? Math.Clamp(number, 1, Pages) : 1;
            Rows = [.. rows.Skip(First).Take(PageSize)];
        }
        catch (InvalidRequestException invalid)
        {
            var field = invalid.Field == "dream_id" ? "dream" : invalid.Field;
            ModelState.AddModelError($"filter-{field}", $"{field}: {invalid.Rule}");
            Rows = [];
        }
    }
}
