namespace Engram.Server.Endpoints;

/// <summary>Liveness and readiness, open to unauthenticated probes (on the allowlist of <see cref="ApiKeyAuthentication"/>).</summary>
internal static class HealthEndpoints
{
    public static void Map(IEndpointRouteBuilder app, EngramEngine engine)
    {
        app.MapGet("/healthz", () => Results.Json(new { status = "ok" })).WithTags("Operations").WithSummary("The process is up").AllowAnonymous();

        app.MapGet("/readyz", async (HttpContext http) =>
            await engine.IsReadyAsync(http.RequestAborted)
                ? Results.Json(new { status = "ready" })
                : Results.Json(new { status = "unavailable" }, statusCode: StatusCodes.Status503ServiceUnavailable))
            .WithTags("Operations").WithSummary("The server can serve requests (its storage answers)").AllowAnonymous();
    }
}
