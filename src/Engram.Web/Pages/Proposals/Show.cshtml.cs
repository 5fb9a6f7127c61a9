using Engram.Errors;
using Engram.Memories;
using Engram.Review;
using Engram.Web.Review;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Engram.Web.Pages.Proposals;

/// <summary>One piece of evidence: the session and event it points at, its agent when the caller may see the session, and the quote.</summary>
internal sealed record EvidenceRow(string SessionId, long EventIndex, string Quote, string? Agent);

/// <summary>
/// One proposal on one screen: the diff against the memory now (and the three-way merge when its base moved), the
/// warnings, rationale, prevalence, evidence linked to the transcripts, and the decisions: accept, accept the merge,
/// edit then accept, reject with a reason. After a decision the next pending proposal of the inbox is shown.
/// </summary>
internal sealed class ShowModel(UiReview review, EngramEngine engine) : UiPageModel
{
    /// <summary>Evidence sessions read for the chart at most.</summary>
    public const int MaxChartSessions = 50;

    private static readonly Dictionary<string, string> AcceptFields = new() { ["note"] = "accept-note" };
    private static readonly Dictionary<string, string> RejectFields = new() { ["note"] = "reject-note" };
    private static readonly Dictionary<string, string> EditFields = new() { ["note"] = "edit-note", ["content"] = "content", ["expected_content_sha256"] = "" };

    [FromRoute(Name = "id")]
    public string Id { get; set; } = "";

    public InboxFilter Filter { get; private set; } = new();

    public MemoryStore Store { get; private set; } = null!;

    public ProposalReview Review { get; private set; } = null!;

    public Proposal Proposal => Review.Proposal;

    public IReadOnlyList<DiffLine> Diff { get; private set; } = [];

    public IReadOnlyList<DiffLine> MergeDiff { get; private set; } = [];

    public IReadOnlyList<EvidenceRow> Evidence { get; private set; } = [];

    public string? Chart { get; private set; }

    public InboxRow? Previous { get; private set; }

    public InboxRow? Next { get; private set; }

    /// <summary>The proposal decided just before this page was shown, as it stands now.</summary>
    public Proposal? Decided { get; private set; }

    public DateTimeOffset Now { get; private set; }

    /// <summary>A decision is possible: pending, or conflicted with a merge on offer.</summary>
    public bool Open => Proposal.Status == ProposalStatus.Pending || (Proposal.Status == ProposalStatus.Conflicted && Review.Merge is not null);

    /// <summary>It carries content a reviewer can edit before accepting.</summary>
    public bool Editable => Open && Proposal.Operation is ProposalOperation.Create or ProposalOperation.Modify && Proposal.Content is not null;

    /// <summary>The links back to the inbox and on to the next keep the inbox's filters.</summary>
    public QueryString With(string storeId) => Filter.ToQuery().Add("in", storeId);

    public async Task OnGetAsync()
    {
        await LoadAsync();
        if (Request.Query["decided"].ToString() is { Length: > 0 } decided && decided != Id)
        {
            try
            {
                Decided = (await review.FindAsync(Caller, decided, Request.Query["decided_in"], Aborted)).Review.Proposal;
            }
            catch (NotFoundException)
            {
                Decided = null;
            }
        }
    }

    public Task<IActionResult> OnPostAcceptAsync([FromForm(Name = "note")] string? note) =>
        DecideAsync(store => engine.Review.AcceptAsync(Caller, store, Id, new AcceptProposalRequest(Blank(note)), Aborted), AcceptFields);

    public Task<IActionResult> OnPostMergeAsync([FromForm(Name = "note")] string? note, [FromForm(Name = "expected")] string? expected) =>
        DecideAsync(store => engine.Review.AcceptAsync(Caller, store, Id, new AcceptProposalRequest(Blank(note), Merge: true, Blank(expected)), Aborted), AcceptFields);

    public Task<IActionResult> OnPostEditAsync(
        [FromForm(Name = "note")] string? note, [FromForm(Name = "content")] string? content, [FromForm(Name = "merge")] bool merge, [FromForm(Name = "expected")] string? expected) =>
        DecideAsync(store => engine.Review.AcceptAsync(
            Caller, store, Id, new AcceptProposalRequest(Blank(note), merge, merge ? Blank(expected) : null, Normalized(content)), Aborted), EditFields);

    public Task<IActionResult> OnPostRejectAsync([FromForm(Name = "note")] string? note) =>
        DecideAsync(store => engine.Review.RejectAsync(Caller, store, Id, Blank(note), Aborted), RejectFields);

    /// <summary>
    /// Decides through the library, then shows the next pending proposal of the inbox (or this one, decided, when it
    /// was the last). A conflict is a decision too: the page says what happened. A refusal is shown on the form.
    /// </summary>
    private async Task<IActionResult> DecideAsync(Func<string, Task<Proposal>> decide, IReadOnlyDictionary<string, string> fields)
    {
        await LoadAsync();
        var storeId = Store.Id;
        var after = Next ?? Previous;
        return await FormAsync(async () =>
        {
            var decided = await decide(storeId);
            if (decided.Status == ProposalStatus.Conflicted || after is null)
            {
                return LocalRedirect($"/ui/proposals/{Id}{With(storeId)}");
            }

            return LocalRedirect($"/ui/proposals/{after.Proposal.Id}{With(after.Store.Id).Add("decided", Id).Add("decided_in", storeId)}");
        }, LoadAsync, fields);
    }

    private async Task LoadAsync()
    {
        Filter = InboxFilter.From(Request.Query);
        Now = engine.Time.GetUtcNow();
        (Store, Review) = await review.FindAsync(Caller, Id, Request.Query["in"], Aborted);
        Diff = DiffView.Parse(Review.Diff);
        MergeDiff = Review.Merge is { } merge ? DiffView.Parse(merge.Diff) : [];
        await LoadEvidenceAsync();
        await LoadNeighboursAsync();
    }

    private async Task LoadEvidenceAsync()
    {
        var rows = new List<EvidenceRow>();
        var times = new List<DateTimeOffset>();
        var origin = Proposal.Origin;
        foreach (var evidence in origin?.Evidence ?? [])
        {
            rows.Add(new EvidenceRow(evidence.SessionId, evidence.EventIndex, evidence.Quote, await review.AgentOfSessionAsync(Caller, evidence.SessionId, Aborted)));
        }

        if (origin is not null && origin.Statistics.SeenFrom != Engram.Dreaming.Findings.SeenTimes.Import)
        {
            foreach (var session in origin.EvidenceSessionIds.Take(MaxChartSessions))
            {
                try
                {
                    if ((await engine.Sessions.GetTranscriptAsync(Caller, session, Aborted))?.Metadata.StartedAt is { } started)
                    {
                        times.Add(started);
                    }
                }
                catch (NotFoundException)
                {
                    // a session the caller may not see adds nothing
                }
            }
        }

        Evidence = rows;
        Chart = PrevalenceChart.Svg(times);
    }

    /// <summary>The proposals before and after this one in the inbox as its filters order it.</summary>
    private async Task LoadNeighboursAsync()
    {
        IReadOnlyList<InboxRow> rows;
        try
        {
            rows = await review.InboxAsync(Caller, Filter, Aborted);
        }
        catch (InvalidRequestException)
        {
            rows = await review.InboxAsync(Caller, new InboxFilter(), Aborted);
        }

        var index = rows.ToList().FindIndex(r => r.Proposal.Id == Id);
        Previous = index > 0 ? rows[index - 1] : null;
        Next = index >= 0 ? (index + 1 < rows.Count ? rows[index + 1] : null) : rows.FirstOrDefault();
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    /// <summary>Browsers send a textarea's line breaks as CRLF; memories keep the LF they were written with.</summary>
    private static string? Normalized(string? content) => content?.Replace("\r\n", "\n", StringComparison.Ordinal);
}
