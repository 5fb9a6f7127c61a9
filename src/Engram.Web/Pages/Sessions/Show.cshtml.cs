using Engram.Access;
using Engram.Errors;
using Engram.Memories;
using Engram.Sessions;
using Engram.Web.Review;
using Microsoft.AspNetCore.Mvc;

namespace Engram.Web.Pages.Sessions;

/// <summary>
/// A session's transcript around one event (<c>?around=N</c>, linked as <c>#event-N</c> from evidence): the events
/// before and after it, tool failures marked; what the transcript says of its run; and the memory versions the
/// session wrote, in the stores attached to it that the caller may read. The caller must be able to see the session,
/// as in the API.
/// </summary>
internal sealed class ShowModel(EngramEngine engine, UiReview review) : UiPageModel
{
    /// <summary>Versions listed per attached store at most: a session that wrote more is a bulk job, not a conversation to read.</summary>
    public const int MaxVersionsPerStore = 100;

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

    /// <summary>The versions the session wrote, newest first, with the store each is in.</summary>
    public IReadOnlyList<(MemoryStore Store, MemoryVersion Version)> Written { get; private set; } = [];

    /// <summary>Names of the stores the caller can see, by id.</summary>
    public IReadOnlyDictionary<string, string> StoreNames { get; private set; } = new Dictionary<string, string>();

    public async Task OnGetAsync()
    {
        Session = await engine.Access.GetSessionAsync(Caller, Id, Aborted);
        Transcript = await engine.Sessions.GetTranscriptAsync(Caller, Id, Aborted);
        await LoadWrittenAsync();
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

    /// <summary>
    /// A session's token reaches only the stores attached to it, so those hold everything it wrote; each is listed
    /// through the library, which leaves out what the caller may not read.
    /// </summary>
    private async Task LoadWrittenAsync()
    {
        var stores = await review.StoresAsync(Caller, Aborted);
        StoreNames = stores.ToDictionary(s => s.Id, s => s.Name, StringComparer.Ordinal);
        var written = new List<(MemoryStore, MemoryVersion)>();
        foreach (var attached in Session.Stores)
        {
            if (stores.FirstOrDefault(s => s.Id == attached.StoreId) is not { } store)
            {
                continue;
            }

            try
            {
                var versions = await engine.Memories.ListVersionsAsync(Caller, store.Id, new VersionListQuery(SessionId: Session.Id, Limit: MaxVersionsPerStore), Aborted);
                written.AddRange(versions.Data.Select(v => (store, v)));
            }
            catch (EngramException hidden) when (hidden.Type is ErrorType.NotFound or ErrorType.Permission)
            {
                // a store whose versions the caller may not list shows nothing
            }
        }

        Written = [.. written.OrderByDescending(w => w.Item2.CreatedAt)];
    }

    /// <summary>A tool call that failed, or an error the runtime reported: marked in the transcript.</summary>
    public static bool Failed(TranscriptEvent e) => (e.Kind == TranscriptEventKind.ToolResult && e.IsError) || e.Kind == TranscriptEventKind.Error;

    public static string Cut(string? text) => text is null ? "" : text.Length <= MaxEventText ? text : text[..MaxEventText] + " …(cut)";
}
