using Engram.Access;
using Engram.Access.Policies;
using Engram.Identity;
using Engram.Memories;
using Engram.Search;
using Engram.Web.Memories;
using Microsoft.AspNetCore.Mvc;

namespace Engram.Web.Pages.Memories;

/// <summary>
/// One memory: its content rendered as markdown (safely: <see cref="SafeMarkdown"/>), its front matter as a table, and
/// its history (actor, session, reason, dream, proposal, time, operation), with two versions picked to diff and, where
/// the caller may, revert and redact (each confirmed on its own page). By <c>?path=</c>, or <c>?id=</c> (a deleted one too).
/// </summary>
internal sealed class ShowModel(UiMemories memories, Review.UiReview review, EngramEngine engine) : UiPageModel
{
    /// <summary>Ids named in the notice after a redaction at most (they come back in the query string).</summary>
    public const int MaxLeftoversNamed = 20;

    [FromRoute(Name = "store")]
    public string StoreRef { get; set; } = "";

    [FromQuery(Name = "path")]
    public string? PathWanted { get; set; }

    [FromQuery(Name = "id")]
    public string? IdWanted { get; set; }

    [FromQuery(Name = "history")]
    public string? HistoryPage { get; set; }

    [FromQuery(Name = "reverted")]
    public string? Reverted { get; set; }

    [FromQuery(Name = "redacted")]
    public string? Redacted { get; set; }

    /// <summary>After a redaction: the other versions that still hold its content.</summary>
    [FromQuery(Name = "still")]
    public string? Still { get; set; }

    public MemoryStore Store { get; private set; } = null!;

    public MemoryShown Memory { get; private set; } = null!;

    public MemoryFacts? Facts { get; private set; }

    public string? Html { get; private set; }

    public IReadOnlyList<MemoryVersion> History { get; private set; } = [];

    public string? Older { get; private set; }

    public Capability Allowed { get; private set; }

    /// <summary>The agents of the sessions that wrote the versions shown, where the caller may see the session.</summary>
    public IReadOnlyDictionary<string, string?> Agents { get; private set; } = new Dictionary<string, string?>();

    public DateTimeOffset Now { get; private set; }

    /// <summary>Revert is offered: the caller may update (or create, for a deleted memory) or propose here.</summary>
    public bool CanRevert => (Allowed & ((Memory.Deleted ? Capability.Create : Capability.Update) | Capability.Propose)) != 0;

    /// <summary>Reverting writes (false: it files a proposal for review).</summary>
    public bool RevertWrites => (Allowed & (Memory.Deleted ? Capability.Create : Capability.Update)) != 0;

    public bool CanRedact => (Allowed & Capability.Redact) != 0;

    /// <summary>Only version ids are echoed from the query string, so a crafted link cannot put other words in the notice.</summary>
    public IReadOnlyList<string> Leftovers => (Still ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Where(IsVersionId).Take(MaxLeftoversNamed).ToList();

    public static bool IsVersionId(string? id) => IdPrefix.Matches(id, IdPrefix.MemoryVersion) && id!.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    public async Task OnGetAsync()
    {
        Now = engine.Time.GetUtcNow();
        Reverted = IsVersionId(Reverted) ? Reverted : null;
        Redacted = IsVersionId(Redacted) ? Redacted : null;
        Store = await memories.StoreAsync(Caller, StoreRef, Aborted);
        Memory = await memories.MemoryAsync(Caller, Store.Id, PathWanted, IdWanted, Aborted);
        if (Memory.Live is { Content: { } content } live)
        {
            Facts = MemoryFacts.Of(live.Path, content);
            Html = SafeMarkdown.ToHtml(Facts.Body, live.Path, path => UiMemories.PageOf(StoreRef, path));
        }

        var history = await memories.HistoryAsync(Caller, Store.Id, Memory.MemoryId, HistoryPage, Aborted);
        History = history.Data;
        Older = history.NextPage;
        var agents = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var session in History.Select(v => v.CreatedBy).Where(a => a?.Type == ActorType.Session).Select(a => a!.Id).Distinct())
        {
            agents[session] = await review.AgentOfSessionAsync(Caller, session, Aborted);
        }

        Agents = agents;
        Names = (await engine.Access.ListPrincipalsAsync(Caller, Aborted)).ToDictionary(p => p.Id, p => p.Name, StringComparer.Ordinal);
        Allowed = await memories.CapabilitiesAsync(Caller, Store.Id, Memory.Path, Aborted);
    }

    public string Link(string page, string versionId) => $"/ui/stores/{Uri.EscapeDataString(StoreRef)}/{page}?version={Uri.EscapeDataString(versionId)}";

    public string DiffAction => $"/ui/stores/{Uri.EscapeDataString(StoreRef)}/diff";

    public string OlderLink(string token) => UiMemories.PageOfId(StoreRef, Memory.MemoryId) + "&history=" + Uri.EscapeDataString(token);

    public string TreeLink => $"/ui/stores/{Uri.EscapeDataString(StoreRef)}/memories";

    /// <summary>Who made a version, as a line reads it: a principal's name where the caller may see it, else its id.</summary>
    public string Who(Actor? actor) => actor is null ? "-" : actor.Type switch
    {
        ActorType.Session => $"session {actor.Id}",
        ActorType.ApiKey => $"key {actor.Id}",
        _ => Names.GetValueOrDefault(actor.Id) ?? actor.Id,
    };

    /// <summary>The names of the principals the caller may see (admins: all; members: themselves).</summary>
    public IReadOnlyDictionary<string, string> Names { get; private set; } = new Dictionary<string, string>();
}
