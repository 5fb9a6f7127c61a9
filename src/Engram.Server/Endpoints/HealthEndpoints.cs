using Engram.Storage;

namespace Engram.Server.Endpoints;

/// <summary>Liveness and readiness, open to unauthenticated probes (on the allowlist of <see cref="ApiKeyAuthentication"/>).</summary>
internal static class HealthEndpoints
{
    public static void Map(IEndpointRouteBuilder app, IMemoryStorage storage)
    {
        app.MapGet("/healthz", () => Results.Json(new { status = "ok" })).WithTags("Operations").WithSummary("The process is up").AllowAnonymous();

        app.MapGet("/readyz", async (HttpContext http) =>
        {
            try
            {
                // A cheap read proves the database opens and answers.
                await storage.GetStoreAsync("memstore_readiness_probe", http.RequestAborted);
                return Results.Json(new { status = "ready" });
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                return Results.Json(new { status = "unavailable" }, statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        }).WithTags("Operations").WithSummary("The server can serve requests (its storage answers)").AllowAnonymous();
    }
}
