using Engram.Errors;
using Engram.Memories;

namespace Engram.Server.Endpoints;

/// <summary><c>/v1/memory_stores/{store_id}/memory_versions</c>: history, retrieval and redaction.</summary>
internal static class VersionEndpoints
{
    public static void Map(IEndpointRouteBuilder app, MemoryStoreService memories)
    {
        var group = app.MapGroup("/v1/memory_stores/{store_id}/memory_versions").WithTags("Memory versions");

        group.MapGet("/", async Task<Ok<PageJson<MemoryVersionJson>>> (
            HttpContext http,
            [FromRoute(Name = "store_id")] string storeId,
            [FromQuery(Name = "memory_id")] string? memoryId,
            [FromQuery] string? operation,
            [FromQuery(Name = "session_id")] string? sessionId,
            [FromQuery(Name = "api_key_id")] string? apiKeyId,
            [FromQuery(Name = "service_account_id")] string? serviceAccountId,
            [FromQuery(Name = "created_at[gte]")] string? createdAtGte,
            [FromQuery(Name = "created_at[lte]")] string? createdAtLte,
            [FromQuery] string? limit,
            [FromQuery] string? page,
            [FromQuery] string? view) =>
        {
            var query = new QueryReader(http.Request.Query);
            var shown = query.View(MemoryView.Basic);
            var op = query.String("operation");
            var parsed = op is null ? (VersionOperation?)null : WireMapping.ParseOperation(op) ?? throw new InvalidRequestException("operation", $"must be created, modified or deleted (got \"{op}\")");
            var result = await memories.ListVersionsAsync(http.Caller(), storeId, new VersionListQuery(
                query.String("memory_id"), parsed, query.String("session_id"), query.String("api_key_id"), query.String("service_account_id"),
                query.Time("created_at[gte]"), query.Time("created_at[lte]"), query.Int("limit"), query.String("page"), shown), http.RequestAborted);
            return TypedResults.Ok(result.ToJson(v => v.ToJson(shown)));
        }).WithName("ListMemoryVersions").WithSummary("List versions, newest first");

        group.MapGet("/{version_id}", async Task<Ok<MemoryVersionJson>> (HttpContext http, [FromRoute(Name = "store_id")] string storeId, [FromRoute(Name = "version_id")] string versionId, [FromQuery] string? view) =>
        {
            var shown = new QueryReader(http.Request.Query).View(MemoryView.Full);
            return TypedResults.Ok((await memories.GetVersionAsync(http.Caller(), storeId, versionId, shown, http.RequestAborted)).ToJson(shown));
        }).WithName("RetrieveMemoryVersion").WithSummary("Retrieve a version");

        group.MapPost("/{version_id}/redact", async Task<Ok<MemoryVersionJson>> (HttpContext http, [FromRoute(Name = "store_id")] string storeId, [FromRoute(Name = "version_id")] string versionId) =>
            TypedResults.Ok((await memories.RedactVersionAsync(http.Caller(), storeId, versionId, http.RequestAborted)).ToJson()))
            .WithName("RedactMemoryVersion").WithSummary("Clear a version's content, hash, size and path for good");
    }
}
