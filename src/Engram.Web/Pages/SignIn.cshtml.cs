using Engram.Access;
using Engram.Errors;
using Engram.Web.Http;
using Engram.Web.Sessions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Engram.Web.Pages;

/// <summary>
/// Sign-in with an API key or an agent session token, posted in a form field (never in a URL). The key is checked
/// by <see cref="AccessService"/> as the API checks it; a failure counts against the address's failed-authentication
/// limit, and at the limit the form is refused before any key is looked up.
/// </summary>
[AnonymousPage]
internal sealed class SignInModel(AccessService access, UiSessionStore sessions, IFailedSignIns? failures = null) : PageModel
{
    /// <summary>Where to go after signing in (a page of this UI; anything else means the inbox).</summary>
    [BindProperty(SupportsGet = true, Name = "return")]
    public string? Return { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync([FromForm(Name = "api_key")] string? apiKey)
    {
        if (failures?.Refused(HttpContext) is { } wait)
        {
            ModelState.AddModelError("api_key", $"Too many failed sign-ins from this address; try again in {Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))} s.");
            return Refused(429);
        }

        if (string.IsNullOrWhiteSpace(apiKey))
        {
            ModelState.AddModelError("api_key", "api_key: enter an API key (engram_sk_...) or a session token (engram_st_...)");
            return Refused(400);
        }

        Caller caller;
        try
        {
            caller = await access.AuthenticateAsync(apiKey.Trim(), HttpContext.RequestAborted);
        }
        catch (AuthenticationFailedException)
        {
            failures?.Record(HttpContext);
            ModelState.AddModelError("api_key", "api_key: that key or token was not accepted (unknown, revoked or ended)");
            return Refused(401);
        }

        sessions.End(Request.Cookies[UiCookies.Session]);
        UiCookies.Set(HttpContext, sessions.Start(caller, apiKey.Trim(), await DisplayName.OfAsync(access, caller, HttpContext.RequestAborted)));
        return LocalRedirect(ReturnUrl.Safe(Return));
    }

    private PageResult Refused(int status)
    {
        var page = Page();
        page.StatusCode = status;
        return page;
    }
}
