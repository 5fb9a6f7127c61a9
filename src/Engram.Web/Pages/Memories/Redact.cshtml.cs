using Engram.Client;
using Engram.Errors;
using Engram.Memories;
using Engram.Web.Memories;
using Microsoft.AspNetCore.Mvc;

namespace Engram.Web.Pages.Memories;

/// <summary>
/// Redacting a version, confirmed: the page says the content goes for good, and names the memory's other versions
/// that still hold the same content (the library's <see cref="RedactionLeftovers"/>: a rename, a revert or the same
/// text written again each keep it), the current one marked as needing an update first. After it, the memory's page
/// names the ones still left.
/// </summary>
internal sealed class RedactModel(UiMemories memories) : UiPageModel
{
    [FromRoute(Name = "store")]
    public string StoreRef { get; set; } = "";

    [FromQuery(Name = "version")]
    public string VersionId { get; set; } = "";

    public MemoryStore Store { get; private set; } = null!;

    public MemoryVersion Version { get; private set; } = null!;

    public Memory? Current { get; private set; }

    /// <summary>The other versions holding the same content, newest first.</summary>
    public IReadOnlyList<MemoryVersion> Leftovers { get; private set; } = [];

    /// <summary>It holds the memory's current content: the library refuses until the memory is updated or deleted.</summary>
    public bool IsCurrent => Current?.MemoryVersionId == Version.Id;

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        await LoadAsync();
        return await FormAsync(async () =>
        {
            var client = memories.Client(Caller);
            var before = Version;
            await client.RedactVersionAsync(Store.Id, Version.Id, Aborted);
            var left = await RedactionLeftovers.FindAsync(client, Store.Id, before, Aborted);
            var still = left.Count == 0 ? "" : "&still=" + Uri.EscapeDataString(string.Join(',', left.Take(ShowModel.MaxLeftoversNamed).Select(v => v.Id)));
            return LocalRedirect(UiMemories.PageOfId(StoreRef, Version.MemoryId) + "&redacted=" + Uri.EscapeDataString(Version.Id) + still);
        }, LoadAsync);
    }

    public string MemoryLink => UiMemories.PageOfId(StoreRef, Version.MemoryId);

    private async Task LoadAsync()
    {
        Store = await memories.StoreAsync(Caller, StoreRef, Aborted);
        var client = memories.Client(Caller);
        Version = await client.GetVersionAsync(Store.Id, VersionId, MemoryView.Basic, Aborted);
        try
        {
            Current = await client.GetMemoryAsync(Store.Id, Version.MemoryId, MemoryView.Basic, Aborted);
        }
        catch (NotFoundException)
        {
            Current = null;
        }

        Leftovers = Version.IsRedacted ? [] : await RedactionLeftovers.FindAsync(client, Store.Id, Version, Aborted);
    }
}
