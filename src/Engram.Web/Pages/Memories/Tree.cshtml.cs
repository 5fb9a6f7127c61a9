using Engram.Memories;
using Engram.Web.Memories;
using Microsoft.AspNetCore.Mvc;

namespace Engram.Web.Pages.Memories;

/// <summary>
/// A store's memories as a tree of folders (collapsible without script), each memory with its title and one-line
/// description from its front matter (the catalog's facts); under a folder with <c>?prefix=/x/</c>.
/// </summary>
internal sealed class TreeModel(UiMemories memories) : UiPageModel
{
    /// <summary>Folders shown open at most: past it only the top level is open.</summary>
    public const int OpenAllUpTo = 200;

    [FromRoute(Name = "store")]
    public string StoreRef { get; set; } = "";

    [FromQuery(Name = "prefix")]
    public string? Prefix { get; set; }

    public MemoryStore Store { get; private set; } = null!;

    public TreeFolder Tree { get; private set; } = null!;

    /// <summary>There are more memories below than the tree holds.</summary>
    public bool Cut { get; private set; }

    public async Task OnGetAsync()
    {
        Store = await memories.StoreAsync(Caller, StoreRef, Aborted);
        var prefix = string.IsNullOrWhiteSpace(Prefix) ? "/" : Prefix.Trim();
        (Tree, Cut) = await memories.TreeAsync(Caller, Store.Id, prefix.EndsWith('/') ? prefix : prefix + "/", Aborted);
    }

    /// <summary>The memory's page.</summary>
    public string PageOf(string path) => UiMemories.PageOf(StoreRef, path);

    /// <summary>This tree under another folder.</summary>
    public string Under(string folder) => $"/ui/stores/{Uri.EscapeDataString(StoreRef)}/memories{(folder == "/" ? "" : "?prefix=" + Uri.EscapeDataString(folder))}";
}
