using System.Text.Json;
using Engram.Client;
using Engram.MemoryTool;

namespace Engram.Server.Endpoints;

/// <summary>
/// Extension: <c>POST /v1/engram/memory_stores/{store_id}/memory_tool</c> executes one command of the client-side
/// memory tool (<c>memory_20250818</c>) against a store, as the caller. The body is the tool_use input object;
/// <c>root</c> (query) is the store path <c>/memories</c> maps to. Tool-level failures are results (200 with
/// <c>is_error: true</c>); a missing store or credential is the usual API error.
/// </summary>
internal static class MemoryToolEndpoints
{
    public static void Map(IEndpointRouteBuilder app, EngramEngine engine)
    {
        app.MapPost("/v1/engram/memory_stores/{store_id}/memory_tool", async Task<Ok<MemoryToolResultJson>> (
            HttpContext http, [FromRoute(Name = "store_id")] string storeId, [FromQuery] string? root, [FromBody] JsonElement input) =>
        {
            var client = new LocalEngramClient(engine, http.Caller());

            // The store answers 404 here, before any command could turn its absence into a tool result.
            await client.GetStoreAsync(storeId, http.RequestAborted);
            var handler = new MemoryToolHandler(client, storeId, new QueryReader(http.Request.Query).String("root") ?? "/");
            var result = await handler.ExecuteAsync(input, http.RequestAborted);
            return TypedResults.Ok(result.ToJson());
        }).WithTags("Memory tool (extension)").WithName("ExecuteMemoryTool")
          .WithSummary("Execute one memory tool (memory_20250818) command: body is the tool_use input ({\"command\": \"view\", \"path\": \"/memories\"}); root (query) maps /memories into the store; answers memory_tool_result with content and is_error");
    }
}
