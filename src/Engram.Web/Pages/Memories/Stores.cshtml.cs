using Engram.Memories;
using Engram.Web.Review;

namespace Engram.Web.Pages.Memories;

/// <summary>The stores the caller can see, each a way into its memories.</summary>
internal sealed class StoresModel(UiReview review) : UiPageModel
{
    public IReadOnlyList<MemoryStore> Stores { get; private set; } = [];

    public async Task OnGetAsync() => Stores = await review.StoresAsync(Caller, Aborted);

    /// <summary>How a URL names the store: by name, unless another store the caller sees has the same name.</summary>
    public string Ref(MemoryStore store) => Stores.Count(s => s.Name == store.Name) == 1 ? store.Name : store.Id;
}
