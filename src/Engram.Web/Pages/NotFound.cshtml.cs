using Engram.Errors;

namespace Engram.Web.Pages;

/// <summary>Any other path under /ui/: the same not-found page as a proposal that is missing or hidden.</summary>
internal sealed class NotFoundModel : UiPageModel
{
    public void OnGet() => throw new NotFoundException("page", Request.Path);

    public void OnPost() => throw new NotFoundException("page", Request.Path);
}
