namespace Engram.Server.Endpoints;

/// <summary>Liveness and readiness, open to unauthenticated probes (on the allowlist of <see cref="ApiKeyAuthentication"/>).</summary>
internal static class HealthEndpoints
{
    public static void Map(IEndpointRouteBuilder app, EngramEngine engine, ServerOptions options)
    {
        app.MapGet("/healthz", () => Results.Json(new { status = "ok" })).WithTags("Operations").WithSummary("The process is up").AllowAnonymous();

        app.MapGet("/readyz", async (HttpContext http) =>
            await IsReadyAsync(engine, options.ReadinessTimeout, http.RequestAborted)
                ? Results.Json(new { status = "ready" })
                : Results.Json(new { status = "unavailable" }, statusCode: StatusCodes.Status503ServiceUnavailable))
            .WithTags("Operations").WithSummary("The server can serve requests (its database answers within the readiness timeout)").AllowAnonymous();
    }

    /// <summary>
    /// Whether the database answers a cheap read within <paramref name="timeout"/>. The wait is bounded here, not only
    /// by the token the read is given, so a backend that does not give up on cancellation still reads as unavailable in time.
    /// </summary>
    internal static async Task<bool> IsReadyAsync(EngramEngine engine, TimeSpan timeout, CancellationToken requestAborted)
    {
        using var deadline = new CancellationTokenSource(timeout, engine.Time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, requestAborted);
        try
        {
            return await engine.IsReadyAsync(either.Token).WaitAsync(either.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!requestAborted.IsCancellationRequested)
        {
            return false;
        }
    }
}
