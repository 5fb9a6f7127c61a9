using Engram.Memories;

namespace Engram.Server.Endpoints;

/// <summary>
/// Extension: <c>POST /v1/memory_stores/{store_id}/memory_batch</c>, many writes by path in one request, each item
/// atomic on its own and answered with its outcome (docs/API.md).
/// </summary>
internal static class BatchEndpoints
{
    /// <summary>Body limit of a batch: room for many memories of ordinary size (each still capped at <see cref="MemoryContent.MaxBytes"/>); clients split larger loads.</summary>
    public const long MaxBodyBytes = 32L * 1024 * 1024;

    public static void Map(IEndpointRouteBuilder app, MemoryStoreService memories)
    {
        app.MapPost("/v1/memory_stores/{store_id}/memory_batch", async Task<Ok<BatchResultJson>> (HttpContext http, [FromRoute(Name = "store_id")] string storeId, [FromBody] BatchWriteJson body) =>
        {
            var outcomes = await memories.WriteBatchAsync(http.Caller(), storeId, body.ToModel(), http.RequestAborted);
            return TypedResults.Ok(outcomes.ToJson());
        }).WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes))
          .WithTags("Memories").WithName("WriteMemoryBatch")
          .WithSummary($"Extension: write up to {MemoryStoreService.MaxBatchItems:N0} memories by path (write, create, update, delete), each atomic on its own, with every item's outcome");
    }
}
