using Engram.Web.Http;
using Engram.Web.Sessions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Engram.Web;

/// <summary>
/// The review UI: <see cref="AddEngramUi"/> registers it over an engine, <see cref="MapEngramUi"/> maps it under
/// <c>/ui/</c> (and <c>/</c> to it). Every endpoint it maps carries <see cref="UiEndpoint"/>.
/// </summary>
public static class EngramUi
{
    /// <summary>Where the UI lives.</summary>
    public const string Root = "/ui";

    /// <summary>
    /// Registers the UI's pages, its in-memory sign-ins and antiforgery over <paramref name="engine"/>. Data protection
    /// keys are ephemeral: sign-ins end with the process anyway, so forms and cookies from before a restart are refused.
    /// </summary>
    public static IServiceCollection AddEngramUi(this IServiceCollection services, EngramEngine engine, UiOptions? options = null)
    {
        services.TryAddSingleton(engine);
        services.AddSingleton(options ?? new UiOptions());
        services.AddSingleton(sp => new UiSessionStore(engine.Time, sp.GetRequiredService<UiOptions>()));
        services.AddSingleton(sp => new UiAuthentication(sp.GetRequiredService<UiSessionStore>(), engine.Access));
        services.AddSingleton<UiErrors>();
        services.AddSingleton<UiAssets>();
        services.AddScoped<Review.UiReview>();
        services.AddScoped<Memories.UiMemories>();
        services.AddScoped<Search.UiSearch>();
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = UiCookies.Antiforgery;
            antiforgery.Cookie.Path = UiCookies.Path;
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
            antiforgery.Cookie.HttpOnly = true;
            antiforgery.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
            antiforgery.SuppressXFrameOptionsHeader = true; // UiHeaders sets DENY on every page
        });
        services.AddRazorPages()
            .AddApplicationPart(typeof(EngramUi).Assembly)
            .AddMvcOptions(mvc =>
            {
                mvc.Filters.AddService<UiAuthentication>();
                mvc.Filters.AddService<UiErrors>();
            });
        return services;
    }

    /// <summary>Maps the pages, the assets, <c>/favicon.ico</c>, and <c>/</c> to the inbox.</summary>
    public static IEndpointRouteBuilder MapEngramUi(this IEndpointRouteBuilder app)
    {
        app.MapRazorPages().WithMetadata(UiEndpoint.Instance);
        app.MapGet("/ui/assets/{name}", (HttpContext http, string name, UiAssets assets) => assets.Serve(http, name))
            .WithMetadata(UiEndpoint.Instance).ExcludeFromDescription();
        app.MapGet("/", () => Results.Redirect(Root + "/")).WithMetadata(UiEndpoint.Instance).ExcludeFromDescription();

        // Browsers ask for it on their own, without a key: answered here, it never counts as a failed authentication.
        app.MapGet("/favicon.ico", (HttpContext http, UiAssets assets) => assets.Serve(http, "favicon.svg"))
            .WithMetadata(UiEndpoint.Instance).ExcludeFromDescription();
        return app;
    }
}
