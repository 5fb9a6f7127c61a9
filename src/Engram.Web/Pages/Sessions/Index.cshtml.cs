using Engram.Client;
using Engram.Access;
using Engram.Sessions;
using Engram.Web.Governance;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Engram.Web.Pages.Sessions;

/// <summary>One session as the list shows it: the session, and its transcript when it has one.</summary>
internal sealed record SessionRow(AgentSession Session, SessionTranscript? Transcript);

/// <summary>
/// The sessions the caller may see, imported and registered, newest first and paged, filtered by agent and by the
/// time each was recorded; each with its agent, title, format, events, outcome and times, linked to its transcript.
/// </summary>
internal sealed class IndexModel(EngramEngine engine) : UiPageModel
{
    /// <summary>Sessions on one page.</summary>
    public const int PageSize = 25;

    [FromQuery(Name = "agent")]
    public string? Agent { get; set; }

    [FromQuery(Name = "since")]
    public string? Since { get; set; }

    [FromQuery(Name = "until")]
    public string? Until { get; set; }

    [FromQuery(Name = "page")]
    public string? PageToken { get; set; }

    public IReadOnlyList<SessionRow> Rows { get; private set; } = [];

    public string? NextPage { get; private set; }

    public DateTimeOffset Now { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        Now = engine.Time.GetUtcNow();
        try
        {
            var query = new SessionListQuery(
                Blank(Agent), TimeInput.Parse(Since, Now, "since"), TimeInput.Parse(Until, Now, "until"), Limit: PageSize, Page: Blank(PageToken));
            var page = await engine.Access.ListSessionsAsync(Caller, query, Aborted);
            var rows = new List<SessionRow>(page.Data.Count);
            foreach (var session in page.Data)
            {
                rows.Add(new SessionRow(session, await engine.Sessions.GetTranscriptAsync(Caller, session.Id, Aborted)));
            }

            Rows = rows;
            NextPage = page.NextPage;
            return Page();
        }
        catch (Errors.InvalidRequestException invalid)
        {
            ModelState.AddModelError($"filter-{invalid.Field}", $"{invalid.Field}: {invalid.Rule}");
            var refused = Page();
            refused.StatusCode = StatusCodes.Status400BadRequest;
            return refused;
        }
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
