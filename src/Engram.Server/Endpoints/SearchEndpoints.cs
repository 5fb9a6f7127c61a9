using Engram.Search;

namespace Engram.Server.Endpoints;

/// <summary>Extensions: search a store, and build the memory section for the start of a session.</summary>
internal static class SearchEndpoints
{
    public static void Map(IEndpointRouteBuilder app, SearchService search, ContextBuilder context)
    {
        app.MapGet("/v1/memory_stores/{store_id}/catalog", async Task<Ok<CatalogPageJson>> (
            HttpContext http, [FromRoute(Name = "store_id")] string storeId, [FromQuery(Name = "path_prefix")] string? pathPrefix,
            [FromQuery] string? stale, [FromQuery] string? limit, [FromQuery] string? page) =>
        {
            var query = new QueryReader(http.Request.Query);
            var staleness = query.String("stale") is null ? (bool?)null : query.Bool("stale");
            var result = await search.CatalogAsync(http.Caller(), storeId, new CatalogRequest(
                query.String("path_prefix"), staleness, query.Int("limit"), query.String("page")), http.RequestAborted);
            return TypedResults.Ok(result.ToJson());
        }).WithTags("Search and context (extension)").WithName("ListCatalog")
          .WithSummary("A store's catalog in path order: title, one-line description, tags, stale, pinned, skill and front-matter errors of each readable memory, without bodies; path_prefix, stale, limit, page");

        app.MapGet("/v1/memory_stores/{store_id}/search", async Task<Ok<SearchPageJson>> (
            HttpContext http, [FromRoute(Name = "store_id")] string storeId, [FromQuery] string? q, [FromQuery] string? mode,
            [FromQuery(Name = "path_prefix")] string? pathPrefix, [FromQuery] string? tags, [FromQuery(Name = "updated_since")] string? updatedSince,
            [FromQuery] string? stale, [FromQuery] string? limit, [FromQuery] string? page) =>
        {
            var query = new QueryReader(http.Request.Query);
            var wanted = SearchMapping.ParseMode(query.String("mode"), "mode");
            var staleness = query.String("stale") is null ? (bool?)null : query.Bool("stale");
            var tagList = query.String("tags")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var result = await search.SearchAsync(http.Caller(), storeId, new SearchRequest(
                query.String("q"), wanted, query.String("path_prefix"), tagList, query.Time("updated_since"), staleness, query.Int("limit"), query.String("page")), http.RequestAborted);
            return TypedResults.Ok(result.ToJson());
        }).WithTags("Search and context (extension)").WithName("SearchMemories")
          .WithSummary("Search a store: q (words and \"phrases\"), mode auto|keyword|semantic|hybrid, path_prefix, tags (comma-separated, all required), updated_since, stale, limit, page");

        app.MapGet("/v1/memory_stores/{store_id}/search/status", async Task<Ok<SearchStatusJson>> (HttpContext http, [FromRoute(Name = "store_id")] string storeId) =>
            TypedResults.Ok((await search.StatusAsync(http.Caller(), storeId, http.RequestAborted)).ToJson()))
          .WithTags("Search and context (extension)").WithName("GetSearchStatus")
          .WithSummary("Semantic search in a store (admins of the store): semantic on or off, memories, embedded, pending, model, embedding_rate (memories per second)");

        app.MapGet("/v1/engram/context", async Task<Ok<MemorySectionJson>> (
            HttpContext http, [FromQuery] string? budget, [FromQuery(Name = "memory_store_id")] string[]? stores,
            [FromQuery(Name = "session_id")] string? sessionId, [FromQuery(Name = "memory_tool")] string? memoryTool) =>
        {
            var query = new QueryReader(http.Request.Query);
            var section = await context.BuildAsync(http.Caller(), new ContextRequest(
                query.Int("budget"), query.Strings("memory_store_id"), query.String("session_id"), query.Bool("memory_tool")), http.RequestAborted);
            return TypedResults.Ok(section.ToJson());
        }).WithTags("Search and context (extension)").WithName("BuildMemorySection")
          .WithSummary("The memory section for the start of a session: budget (tokens), memory_store_id (repeatable), session_id, memory_tool");
    }
}
