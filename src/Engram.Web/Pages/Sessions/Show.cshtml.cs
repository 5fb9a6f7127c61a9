using Engram.Access;
using Engram.Sessions;
using Microsoft.AspNetCore.Mvc;

namespace Engram.Web.Pages.Sessions;

/// <summary>
/// A session's transcript around one event (<c>?around=N</c>, linked as <c>#event-N</c> from evidence): the events
/// before and after it, tool failures marked. The caller must be able to see the session, as in the API.
/// </summary>
public sealed class ShowModel(EngramEngine engine) : UiPageModel
{
    /// <summary>Events shown on each side of the one asked for.</summary>
    public const int Window = 25;

    /// <summary>Characters of one event's text shown; the rest is cut with a mark.</summary>
    public const int MaxEventText = 4_000;

    [FromRoute(Name = "id")]
    public string Id { get; set; } = "";

    [FromQuery(Name = "around")]
    public long? Around { get; set; }

    public AgentSession Session { get; private set; } = null!;

    public SessionTranscript? Transcript { get; private set; }

    public IReadOnlyList<StoredEvent> Events { get; private set; } = [];

    public long From { get; private set; }

    public bool More { get; private set; }

    public async Task OnGetAsync()
    {
        Session = await engine.Access.GetSessionAsync(Caller, Id, Aborted);
        Transcript = await engine.Sessions.GetTranscriptAsync(Caller, Id, Aborted);
        From = Math.Max(0, (Around ?? 0) - (Around is null ? 0 : Window));
        var wanted = (int)((Around ?? 0) - From) + Window + 1;

        // Pages are read in order from the start; skip to the window without keeping what comes before it.
        string? page = null;
        var skipped = 0L;
        while (skipped < From)
        {
            var step = (int)Math.Min(SessionService.MaxEventsPage, From - skipped);
            var skip = await engine.Sessions.ListEventsAsync(Caller, Id, step, page, withRaw: false, Aborted);
            skipped += skip.Data.Count;
            page = skip.NextPage;
            if (page is null)
            {
                break;
            }
        }

        if (skipped < From)
        {
            From = skipped;
            Events = [];
            return;
        }

        var window = await engine.Sessions.ListEventsAsync(Caller, Id, wanted, page, withRaw: false, Aborted);
        Events = window.Data;
        More = window.NextPage is not null;
    }

    public static string Cut(string? text) => text is null ? "" : text.Length <= MaxEventText ? text : text[..MaxEventText] + " …(cut)";
}
