using Microsoft.AspNetCore.Http;

namespace Engram.Web.Http;

/// <summary>The sign-in cookie: HttpOnly, SameSite=Strict, Secure over HTTPS, sent only to /ui.</summary>
internal static class UiCookies
{
    public const string Session = "engram_ui";
    public const string Antiforgery = "engram_ui_af";
    public const string Path = "/ui";

    public static CookieOptions Options(HttpContext context) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps,
        Path = Path,
        IsEssential = true,
    };

    public static void Set(HttpContext context, string token) => context.Response.Cookies.Append(Session, token, Options(context));

    public static void Clear(HttpContext context) => context.Response.Cookies.Delete(Session, Options(context));
}
