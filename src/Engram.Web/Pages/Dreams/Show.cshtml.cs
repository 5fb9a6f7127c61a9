using Engram.Dreaming.Dreams;
using Engram.Dreaming.Findings;
using Engram.Errors;
using Engram.Memories;
using Engram.Review;
using Engram.Web.Review;
using Microsoft.AspNetCore.Mvc;

namespace Engram.Web.Pages.Dreams;

/// <summary>
/// One dream: its status and progress (the page refreshes itself while it runs), usage and cost, how it chose its
/// sessions, its instructions and how the rules read them, the proposals it filed (linked to the inbox and each
/// proposal), and every pattern it considered with the rule that decided it. A pending or running dream can be
/// canceled, behind a confirmation. Visible to its creator and admins; to anyone else it is not found.
/// </summary>
internal sealed class ShowModel(UiReview review, EngramEngine engine) : UiPageModel
{
    /// <summary>Proposals of one dream listed at most (the inbox shows the rest).</summary>
    public const int MaxProposals = 500;

    /// <summary>Considered patterns listed at most: a dream over thousands of sessions considers many; the widespread come first.</summary>
    public const int MaxPatterns = 1_000;

    /// <summary>Seconds between refreshes while the dream runs.</summary>
    public const int RefreshSeconds = 2;

    [FromRoute(Name = "id")]
    public string Id { get; set; } = "";

    /// <summary>Set to show the confirmation before canceling.</summary>
    [FromQuery(Name = "cancel")]
    public bool ConfirmCancel { get; set; }

    public Dream Dream { get; private set; } = null!;

    public MemoryStore? Store { get; private set; }

    public IReadOnlyList<MemoryStore> Stores { get; private set; } = [];

    public IReadOnlyList<Proposal> Proposals { get; private set; } = [];

    /// <summary>The caller may not list the store's proposals (its dream filed them all the same).</summary>
    public bool ProposalsHidden { get; private set; }

    public IReadOnlyList<ConsideredPattern> Patterns { get; private set; } = [];

    public bool MorePatterns { get; private set; }

    public DateTimeOffset Now { get; private set; }

    public Task OnGetAsync() => LoadAsync();

    public async Task<IActionResult> OnPostCancelAsync()
    {
        return await FormAsync(async () =>
        {
            await engine.Dreams.CancelAsync(Caller, Id, Aborted);
            return LocalRedirect($"/ui/dreams/{Id}");
        }, LoadAsync);
    }

    /// <summary>A store's name when the caller can see it, else its id.</summary>
    public string StoreName(string? storeId) => storeId is null ? "—" : Stores.FirstOrDefault(s => s.Id == storeId)?.Name ?? storeId;

    private async Task LoadAsync()
    {
        Now = engine.Time.GetUtcNow();
        Dream = await engine.Dreams.GetAsync(Caller, Id, Aborted);
        Stores = await review.StoresAsync(Caller, Aborted);
        Store = Stores.FirstOrDefault(s => s.Id == Dream.StoreId);
        await LoadProposalsAsync();
        await LoadPatternsAsync();
    }

    private async Task LoadProposalsAsync()
    {
        var proposals = new List<Proposal>();
        string? page = null;
        try
        {
            do
            {
                var listed = await engine.Review.ListAsync(Caller, Dream.StoreId, new ProposalListQuery(null, 100, page, Dream.Id), Aborted);
                proposals.AddRange(listed.Data);
                page = listed.NextPage;
            }
            while (page is not null && proposals.Count < MaxProposals);
        }
        catch (EngramException hidden) when (hidden.Type is ErrorType.NotFound or ErrorType.Permission)
        {
            ProposalsHidden = true;
        }

        Proposals = proposals;
    }

    private async Task LoadPatternsAsync()
    {
        var patterns = new List<ConsideredPattern>();
        string? page = null;
        do
        {
            var listed = await engine.Dreams.ListPatternsAsync(Caller, Dream.Id, DreamService.MaxPatternsPage, page, Aborted);
            patterns.AddRange(listed.Data);
            page = listed.NextPage;
        }
        while (page is not null && patterns.Count < MaxPatterns);

        MorePatterns = page is not null;
        Patterns = patterns;
    }
}
