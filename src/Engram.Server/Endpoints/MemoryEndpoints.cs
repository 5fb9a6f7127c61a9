using Engram.Errors;
using Engram.Memories;

namespace Engram.Server.Endpoints;

/// <summary>
/// <c>/v1/memory_stores/{store_id}/memories</c>: the compatible API's memory operations, with a strong
/// <c>ETag</c> (the content hash) on every memory and <c>If-Match</c> on update and delete as extensions.
/// Every query parameter is read before a write, so a bad one refuses the request with nothing written.
/// </summary>
internal static class MemoryEndpoints
{
    public static void Map(IEndpointRouteBuilder app, MemoryStoreService memories)
    {
        var group = app.MapGroup("/v1/memory_stores/{store_id}").WithTags("Memories");

        group.MapPost("/memories", async Task<Results<Ok<MemoryJson>, ProposalFiledResult>> (HttpContext http, [FromRoute(Name = "store_id")] string storeId, [FromBody] CreateMemoryBody body, [FromQuery] string? view) =>
        {
            var shown = new QueryReader(http.Request.Query).View(MemoryView.Basic);
            var memory = await memories.CreateMemoryAsync(http.Caller(), storeId, new CreateMemoryRequest(body.Path, body.Content, body.Reason), http.RequestAborted);
            return Answer(http, memory, shown);
        }).WithName("CreateMemory").WithSummary("Create a memory");

        group.MapGet("/memories", async Task<Ok<PageJson<object>>> (
            HttpContext http,
            [FromRoute(Name = "store_id")] string storeId,
            [FromQuery(Name = "path_prefix")] string? pathPrefix,
            [FromQuery] string? depth,
            [FromQuery] string? limit,
            [FromQuery] string? page,
            [FromQuery] string? view) =>
        {
            var query = new QueryReader(http.Request.Query);
            var shown = query.View(MemoryView.Basic);
            var result = await memories.ListMemoriesAsync(http.Caller(), storeId, new MemoryListQuery(
                query.String("path_prefix"), query.Int("depth"), query.Int("limit"), query.String("page"), shown), http.RequestAborted);
            return TypedResults.Ok(result.ToJson(item => item.ToJson(shown)));
        }).WithName("ListMemories").WithSummary("List memories under a prefix (items are memory or memory_prefix objects)");

        group.MapGet("/memories/{memory_id}", async Task<Ok<MemoryJson>> (HttpContext http, [FromRoute(Name = "store_id")] string storeId, [FromRoute(Name = "memory_id")] string memoryId, [FromQuery] string? view) =>
        {
            var shown = new QueryReader(http.Request.Query).View(MemoryView.Full);
            return Answer(http, await memories.GetMemoryAsync(http.Caller(), storeId, memoryId, shown, http.RequestAborted), shown);
        }).WithName("RetrieveMemory").WithSummary("Retrieve a memory");

        group.MapPost("/memories/{memory_id}", async Task<Results<Ok<MemoryJson>, ProposalFiledResult>> (
            HttpContext http, [FromRoute(Name = "store_id")] string storeId, [FromRoute(Name = "memory_id")] string memoryId, [FromBody] UpdateMemoryBody body, [FromQuery] string? view) =>
        {
            if (body.Precondition is { Type: not "content_sha256" } precondition)
            {
                throw new InvalidRequestException("precondition.type", $"must be content_sha256 (got \"{precondition.Type}\")");
            }

            var shown = new QueryReader(http.Request.Query).View(MemoryView.Basic);
            var expected = Expected(http, body.Precondition?.ContentSha256, "precondition.content_sha256");
            var memory = await memories.UpdateMemoryAsync(http.Caller(), storeId, memoryId, new UpdateMemoryRequest(body.Content, body.Path, expected, body.Reason), http.RequestAborted);
            return Answer(http, memory, shown);
        }).WithName("UpdateMemory").WithSummary("Update a memory's content and/or path, optionally under a content_sha256 precondition or If-Match");

        group.MapDelete("/memories/{memory_id}", async Task<Results<Ok<DeletedJson>, ProposalFiledResult>> (
            HttpContext http, [FromRoute(Name = "store_id")] string storeId, [FromRoute(Name = "memory_id")] string memoryId,
            [FromQuery(Name = "expected_content_sha256")] string? expectedContentSha256, [FromQuery] string? reason) =>
        {
            var query = new QueryReader(http.Request.Query);
            var expected = Expected(http, query.String("expected_content_sha256"), "expected_content_sha256");
            var deleted = await memories.DeleteMemoryAsync(http.Caller(), storeId, memoryId, new DeleteMemoryRequest(expected, query.String("reason")), http.RequestAborted);
            return deleted.Proposal is { } proposal ? new ProposalFiledResult(proposal) : TypedResults.Ok(new DeletedJson("memory_deleted", memoryId));
        }).WithName("DeleteMemory").WithSummary("Delete a memory (its versions stay)");

        group.MapGet("/memory_by_path", async Task<Ok<MemoryJson>> (HttpContext http, [FromRoute(Name = "store_id")] string storeId, [FromQuery] string? path, [FromQuery] string? view) =>
        {
            var query = new QueryReader(http.Request.Query);
            var shown = query.View(MemoryView.Full);
            return Answer(http, await memories.GetMemoryByPathAsync(http.Caller(), storeId, query.String("path") ?? "", shown, http.RequestAborted), shown);
        }).WithName("RetrieveMemoryByPath").WithSummary("Extension: retrieve the memory at an exact path");

        group.MapPost("/memories/{memory_id}/revert", async Task<Results<Ok<MemoryJson>, ProposalFiledResult>> (
            HttpContext http, [FromRoute(Name = "store_id")] string storeId, [FromRoute(Name = "memory_id")] string memoryId, [FromBody] RevertMemoryBody body, [FromQuery] string? view) =>
        {
            var shown = new QueryReader(http.Request.Query).View(MemoryView.Basic);
            var expected = Expected(http, body.ExpectedContentSha256, "expected_content_sha256");
            var memory = await memories.RevertMemoryAsync(http.Caller(), storeId, memoryId, new RevertMemoryRequest(body.VersionId, expected, body.Reason), http.RequestAborted);
            return Answer(http, memory, shown);
        }).WithName("RevertMemory").WithSummary("Extension: write an earlier version's content as a new version");
    }

    /// <summary>The written memory (<see cref="Answer(HttpContext, Memory, MemoryView)"/>), or 202 with the proposal filed instead.</summary>
    private static Results<Ok<MemoryJson>, ProposalFiledResult> Answer(HttpContext http, WriteResult<Memory> written, MemoryView view) =>
        written.Proposal is { } proposal ? new ProposalFiledResult(proposal) : Answer(http, written.Value, view);

    /// <summary>The memory in the asked view, with its content hash as a strong ETag.</summary>
    private static Ok<MemoryJson> Answer(HttpContext http, Memory memory, MemoryView view)
    {
        http.Response.Headers.ETag = $"\"{memory.ContentSha256}\"";
        return TypedResults.Ok(memory.ToJson(view));
    }

    /// <summary>
    /// The expected content hash: from the body or query, or from <c>If-Match</c> (a strong entity tag;
    /// <c>*</c> means any current content). Both at once must agree.
    /// </summary>
    private static string? Expected(HttpContext http, string? fromRequest, string field)
    {
        var ifMatch = http.Request.Headers.IfMatch.ToString();
        if (ifMatch.Length == 0 || ifMatch == "*")
        {
            return fromRequest;
        }

        var tag = ifMatch.Trim();
        if (tag.StartsWith("W/", StringComparison.Ordinal) || tag.Length < 2 || tag[0] != '"' || tag[^1] != '"' || tag.Contains(',', StringComparison.Ordinal))
        {
            throw new InvalidRequestException("If-Match", "must be one strong entity tag, the memory's ETag (\"<content_sha256>\")");
        }

        var fromHeader = tag[1..^1];
        if (fromRequest is not null && fromRequest != fromHeader)
        {
            throw new InvalidRequestException(field, "differs from If-Match; give one precondition");
        }

        ErrorResponses.PreconditionFromIfMatch(http);
        return MemoryContent.IsSha256(fromHeader)
            ? fromHeader
            : throw new PreconditionFailedException($"If-Match {tag} is not the ETag of any content; retrieve the memory for its current ETag");
    }
}
