using Engram.Memories;

namespace Engram.Server.Endpoints;

/// <summary><c>/v1/memory_stores</c>: the compatible API's store operations.</summary>
internal static class StoreEndpoints
{
    public static void Map(IEndpointRouteBuilder app, MemoryStoreService memories)
    {
        var stores = app.MapGroup("/v1/memory_stores").WithTags("Memory stores");

        stores.MapPost("/", async Task<Ok<MemoryStoreJson>> (HttpContext http, [FromBody] CreateStoreBody body) =>
            TypedResults.Ok((await memories.CreateStoreAsync(http.Caller(), new CreateStoreRequest(body.Name, body.Description, body.Metadata), http.RequestAborted)).ToJson()))
            .WithName("CreateMemoryStore").WithSummary("Create a memory store");

        stores.MapGet("/", async Task<Ok<PageJson<MemoryStoreJson>>> (
            HttpContext http,
            [FromQuery] string? limit,
            [FromQuery] string? page,
            [FromQuery(Name = "include_archived")] string? includeArchived,
            [FromQuery(Name = "created_at[gte]")] string? createdAtGte,
            [FromQuery(Name = "created_at[lte]")] string? createdAtLte) =>
        {
            var query = new QueryReader(http.Request.Query);
            var result = await memories.ListStoresAsync(http.Caller(), new StoreListQuery(
                query.Int("limit"), query.String("page"), query.Bool("include_archived"), query.Time("created_at[gte]"), query.Time("created_at[lte]")), http.RequestAborted);
            return TypedResults.Ok(result.ToJson(s => s.ToJson()));
        }).WithName("ListMemoryStores").WithSummary("List memory stores, newest first");

        stores.MapGet("/{store_id}", async Task<Ok<MemoryStoreJson>> (HttpContext http, [FromRoute(Name = "store_id")] string storeId) =>
            TypedResults.Ok((await memories.GetStoreAsync(http.Caller(), storeId, http.RequestAborted)).ToJson()))
            .WithName("RetrieveMemoryStore").WithSummary("Retrieve a memory store");

        stores.MapPost("/{store_id}", async Task<Ok<MemoryStoreJson>> (HttpContext http, [FromRoute(Name = "store_id")] string storeId, [FromBody] UpdateStoreBody body) =>
            TypedResults.Ok((await memories.UpdateStoreAsync(http.Caller(), storeId, new UpdateStoreRequest(body.Name, body.Description, body.Metadata), http.RequestAborted)).ToJson()))
            .WithName("UpdateMemoryStore").WithSummary("Update a memory store (metadata keys merge; null removes a key)");

        stores.MapDelete("/{store_id}", async Task<Ok<DeletedJson>> (HttpContext http, [FromRoute(Name = "store_id")] string storeId) =>
        {
            await memories.DeleteStoreAsync(http.Caller(), storeId, http.RequestAborted);
            return TypedResults.Ok(new DeletedJson("memory_store_deleted", storeId));
        }).WithName("DeleteMemoryStore").WithSummary("Delete a memory store with its memories and versions");

        stores.MapPost("/{store_id}/archive", async Task<Ok<MemoryStoreJson>> (HttpContext http, [FromRoute(Name = "store_id")] string storeId) =>
            TypedResults.Ok((await memories.ArchiveStoreAsync(http.Caller(), storeId, http.RequestAborted)).ToJson()))
            .WithName("ArchiveMemoryStore").WithSummary("Archive a memory store for good");
    }
}
