using Engram.Client;
using Engram.Errors;
using Engram.Memories;
using Engram.Web.Memories;
using Engram.Web.Review;
using Microsoft.AspNetCore.Mvc;

namespace Engram.Web.Pages.Memories;

/// <summary>
/// Reverting a memory to a version, confirmed: the page shows what the revert changes (the memory now against the
/// version), and the form writes it with the content the page showed as its precondition, so a change made meanwhile
/// is refused instead of overwritten. A caller who may only propose files a proposal instead.
/// </summary>
internal sealed class RevertModel(UiMemories memories) : UiPageModel
{
    private static readonly Dictionary<string, string> Fields = new() { ["reason"] = "revert-reason", ["version_id"] = "", ["expected_content_sha256"] = "" };

    [FromRoute(Name = "store")]
    public string StoreRef { get; set; } = "";

    [FromQuery(Name = "version")]
    public string VersionId { get; set; } = "";

    public MemoryStore Store { get; private set; } = null!;

    public MemoryVersion Version { get; private set; } = null!;

    /// <summary>The memory now, or null when it is deleted (reverting brings it back).</summary>
    public Memory? Current { get; private set; }

    public IReadOnlyList<DiffLine> Lines { get; private set; } = [];

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync([FromForm(Name = "expected")] string? expected, [FromForm(Name = "reason")] string? reason)
    {
        await LoadAsync();
        return await FormAsync(async () =>
        {
            var reverted = await memories.Client(Caller).RevertMemoryAsync(
                Store.Id, Version.MemoryId, new RevertMemoryRequest(Version.Id, string.IsNullOrEmpty(expected) ? null : expected, string.IsNullOrWhiteSpace(reason) ? null : reason), Aborted);
            return reverted.Proposal is { } filed
                ? LocalRedirect($"/ui/proposals/{filed.Id}?in={Uri.EscapeDataString(Store.Id)}")
                : LocalRedirect(UiMemories.PageOfId(StoreRef, reverted.Value.Id) + "&reverted=" + Uri.EscapeDataString(Version.Id));
        }, LoadAsync, Fields);
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

        Lines = Current is null || Version.IsRedacted || Version.Operation == VersionOperation.Deleted
            ? []
            : DiffView.Parse((await VersionDiff.CreateAsync(client, Store.Id, Current.MemoryVersionId, Version.Id, Aborted)).Diff);
    }
}
