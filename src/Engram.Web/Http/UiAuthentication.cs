using System.Security.Claims;
using Engram.Access;
using Engram.Errors;
using Engram.Web.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Engram.Web.Http;

/// <summary>
/// Runs before anything else on a UI page (antiforgery included): resumes the cookie's session and authenticates
/// its secret again with <see cref="AccessService"/>, as the API does for every request, so a revoked key, an ended
/// agent session or a signed-out cookie stops working at once. Without a live session a page redirects to sign-in
/// (its own path as the return URL). The session becomes the request's identity, which antiforgery tokens are bound to.
/// </summary>
internal sealed class UiAuthentication(UiSessionStore sessions, AccessService access) : IAsyncAuthorizationFilter, IOrderedFilter
{
    /// <summary>Before the antiforgery check (order 1000), so a forged form is judged against the right session.</summary>
    public int Order => -2000;

    public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
    {
        var http = context.HttpContext;
        UiHeaders.Apply(http.Response);
        var cookie = http.Request.Cookies[UiCookies.Session];
        var session = sessions.Resume(cookie);
        Caller? caller = null;
        if (session is not null)
        {
            try
            {
                caller = await access.AuthenticateAsync(session.Secret, http.RequestAborted);
            }
            catch (AuthenticationFailedException)
            {
                caller = null;
            }

            if (caller is null || caller.Actor != session.Actor)
            {
                sessions.End(cookie);
                session = null;
                caller = null;
            }
        }

        if (session is not null && caller is not null)
        {
            UiRequest.Set(http, session, caller);
            http.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", session.Id)], "engram_ui"));
        }
        else if (cookie is not null)
        {
            UiCookies.Clear(http);
        }

        var endpoint = http.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<AnonymousPageAttribute>() is not null)
        {
            return;
        }

        if (caller is null)
        {
            var back = http.Request.Path.Value + http.Request.QueryString.Value;
            context.Result = new RedirectResult("/ui/sign-in" + QueryString.Create("return", ReturnUrl.Safe(back)));
            return;
        }

        if (endpoint?.Metadata.GetMetadata<AdminPageAttribute>() is not null && !caller.IsAdmin)
        {
            context.Result = UiProblem.Result(http, new PermissionDeniedException("this page is for admins"));
        }
    }
}

/// <summary>Headers every UI response carries: nothing cached, nothing framed, no inline script.</summary>
internal static class UiHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static void Apply(HttpResponse response)
    {
        // What antiforgery sets on pages with a form, so it need not override (and warn about) ours.
        response.Headers.CacheControl = "no-cache, no-store";
        response.Headers.Pragma = "no-cache";
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.XFrameOptions = "DENY";
        response.Headers["Referrer-Policy"] = "same-origin";
    }
}
