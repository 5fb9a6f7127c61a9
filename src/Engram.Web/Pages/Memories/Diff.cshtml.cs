using Engram.Client;
using Engram.Errors;
using Engram.Memories;
using Engram.Web.Memories;
using Engram.Web.Review;
using Microsoft.AspNetCore.Mvc;

namespace Engram.Web.Pages.Memories;

/// <summary>
/// Two versions of one memory diffed (the library's <see cref="VersionDiff"/>, shown as the proposal page shows a
/// diff), the older one first whichever way they were picked; without <c>to</c>, a version against the memory now.
/// </summary>
internal sealed class DiffModel(UiMemories memories) : UiPageModel
{
    [FromRoute(Name = "store")]
    public string StoreRef { get; set; } = "";

    [FromQuery(Name = "from")]
    public string? From { get; set; }

    [FromQuery(Name = "to")]
    public string? To { get; set; }

    public MemoryStore Store { get; private set; } = null!;

    public MemoryVersion Older { get; private set; } = null!;

    /// <summary>The newer version, or null when diffing to the memory now.</summary>
    public MemoryVersion? Newer { get; private set; }

    public DiffResult Result { get; private set; } = null!;

    public IReadOnlyList<DiffLine> Lines { get; private set; } = [];

    public string MemoryPath { get; private set; } = "";

    public async Task OnGetAsync()
    {
        Store = await memories.StoreAsync(Caller, StoreRef, Aborted);
        var client = memories.Client(Caller);
        if (string.IsNullOrEmpty(From))
        {
            throw new InvalidRequestException("from", "pick a version to compare from");
        }

        var from = await client.GetVersionAsync(Store.Id, From, MemoryView.Basic, Aborted);
        var to = string.IsNullOrEmpty(To) || To == From ? null : await client.GetVersionAsync(Store.Id, To, MemoryView.Basic, Aborted);
        if (to is not null && to.MemoryId != from.MemoryId)
        {
            throw new InvalidRequestException("to", $"{to.Id} is a version of another memory than {from.Id}; pick two versions of one memory");
        }

        (Older, Newer) = to is not null && (to.CreatedAt, to.Id).CompareTo((from.CreatedAt, from.Id)) < 0 ? (to, from) : (from, to);
        Result = await VersionDiff.CreateAsync(client, Store.Id, Older.Id, Newer?.Id, Aborted);
        Lines = DiffView.Parse(Result.Diff);
        MemoryPath = Newer?.Path ?? Older.Path ?? "";
    }

    public string MemoryLink => UiMemories.PageOfId(StoreRef, Older.MemoryId) + "#history-title";
}
