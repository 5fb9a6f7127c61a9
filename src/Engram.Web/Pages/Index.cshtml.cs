using Microsoft.AspNetCore.Mvc;

namespace Engram.Web.Pages;

/// <summary>The UI starts at the inbox.</summary>
internal sealed class IndexModel : UiPageModel
{
    public IActionResult OnGet() => LocalRedirect(Engram.Web.Sessions.ReturnUrl.Home);
}
