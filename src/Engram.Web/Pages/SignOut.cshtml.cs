using Engram.Web.Http;
using Engram.Web.Sessions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Engram.Web.Pages;

/// <summary>Signing out ends the session on the server (the cookie's token stops working at once) and clears the cookie.</summary>
[AnonymousPage]
internal sealed class SignOutModel(UiSessionStore sessions) : PageModel
{
    public IActionResult OnGet() => LocalRedirect(ReturnUrl.Home);

    public IActionResult OnPost()
    {
        sessions.End(Request.Cookies[UiCookies.Session]);
        UiCookies.Clear(HttpContext);
        return LocalRedirect("/ui/sign-in");
    }
}
