using Engram.Client;
using Engram.Dreaming.Dreams;
using Engram.Errors;
using Engram.Memories;
using Engram.Web.Governance;
using Engram.Web.Review;
using Microsoft.AspNetCore.Mvc;

namespace Engram.Web.Pages.Dreams;

/// <summary>
/// Starting a dream: the form (store, which sessions, instructions, update the store itself, model) first asks the
/// library for the dry run's estimate (sessions, events, tokens, cost), and only the page that shows it offers the
/// button that creates the dream, with exactly what was estimated. The server's worker runs it; its page follows it.
/// </summary>
internal sealed class NewModel(UiReview review, EngramEngine engine, UiOptions options) : UiPageModel
{
    /// <summary>The library's fields, as the form names them: a refusal is shown at the field a person filled in.</summary>
    private static readonly Dictionary<string, string> Fields = new(StringComparer.Ordinal)
    {
        ["inputs[0].memory_store_id"] = "store",
        ["inputs[1]"] = "sessions",
        ["inputs[1].filter.agent"] = "agent",
        ["inputs[1].filter.memory_store_id"] = "attached",
        ["instructions"] = "instructions",
        ["model"] = "model",
        ["model.id"] = "model",
        ["output_behavior.memory_store_id"] = "update",
        ["output_behavior.type"] = "update",
    };

    /// <summary>What the form holds; the confirmation posts it back unchanged.</summary>
    [BindProperty]
    public DreamForm Form { get; set; } = new();

    public IReadOnlyList<MemoryStore> Stores { get; private set; } = [];

    /// <summary>The dry run's answer, once asked for.</summary>
    public DreamEstimate? Estimate { get; private set; }

    /// <summary>The time the sessions' filter starts at, as estimated (relative times are fixed when estimating, so the dream reads what was estimated).</summary>
    public DateTimeOffset? Since { get; private set; }

    public async Task OnGetAsync([FromQuery(Name = "store")] string? store)
    {
        await LoadAsync();
        Form = new DreamForm { Store = Stores.FirstOrDefault(s => s.Id == store || s.Name == store)?.Id ?? Stores.FirstOrDefault()?.Id, Model = options.DreamModel };
    }

    public Task<IActionResult> OnPostEstimateAsync() => FormAsync(async () =>
    {
        var request = DreamRequest();
        Estimate = await engine.Dreams.EstimateAsync(Caller, request, Aborted);
        Since = request.Selection.Since;
        if (Since is { } fixedAt)
        {
            // The confirmation carries the time itself, so "7d" means the same sessions when the dream is created.
            Form.Since = UiFormat.Iso(fixedAt);
        }

        await LoadAsync();
        return Page();
    }, LoadAsync, Fields);

    public Task<IActionResult> OnPostCreateAsync() => FormAsync(async () =>
    {
        var dream = await engine.Dreams.CreateAsync(Caller, DreamRequest(), Aborted);
        return LocalRedirect($"/ui/dreams/{dream.Id}");
    }, LoadAsync, Fields);

    private async Task LoadAsync() => Stores = await review.StoresAsync(Caller, Aborted);

    /// <summary>The library's request for what the form says; the library checks everything else.</summary>
    private CreateDreamRequest DreamRequest()
    {
        var store = Form.Store is { Length: > 0 } chosen ? chosen : throw new InvalidRequestException("store", "choose the store the dream reads");
        var since = Form.Sessions == DreamForm.Recent
            ? TimeInput.Parse(Form.Since, engine.Time.GetUtcNow(), "since") ?? throw new InvalidRequestException("since", "say how recent: 7d, 12h, 30m or a time")
            : (DateTimeOffset?)null;
        var selection = new SessionSelection([], since, Blank(Form.Agent), Blank(Form.Attached), All: Form.Sessions != DreamForm.Recent);
        var update = Form.Update;
        return new CreateDreamRequest(
            store, selection, new DreamModel(Blank(Form.Model) ?? options.DreamModel), Blank(Form.Instructions)?.Replace("\r\n", "\n", StringComparison.Ordinal),
            update ? DreamOutputBehavior.UpdateExisting : DreamOutputBehavior.CreateNew, update ? store : null);
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

/// <summary>The new-dream form's fields, bound from fields of the same names (store, sessions, since, agent, attached, instructions, update, model).</summary>
internal sealed class DreamForm
{
    /// <summary>Every session the caller can see (the CLI's <c>--all</c>), narrowed by agent and attached store.</summary>
    public const string All = "all";

    /// <summary>Sessions active since a time (the CLI's <c>--since</c>).</summary>
    public const string Recent = "since";

    public string? Store { get; set; }

    public string Sessions { get; set; } = All;

    public string? Since { get; set; } = "7d";

    public string? Agent { get; set; }

    public string? Attached { get; set; }

    public string? Instructions { get; set; }

    public bool Update { get; set; }

    public string? Model { get; set; }
}
