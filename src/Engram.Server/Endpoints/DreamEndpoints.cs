using System.Text.Json;
using Engram.Dreaming.Dreams;
using Engram.Errors;
using DreamJson = Engram.Wire.DreamJson;

namespace Engram.Server.Endpoints;

/// <summary>The Dreams API: create, list, retrieve, cancel and archive; and Engram's dry-run estimate.</summary>
internal static class DreamEndpoints
{
    public static void Map(IEndpointRouteBuilder app, DreamService dreams)
    {
        var group = app.MapGroup("/v1/dreams").WithTags("Dreams");
        group.MapPost("/", async Task<Ok<DreamJson>> (HttpContext http, [FromBody] JsonElement body) =>
            TypedResults.Ok((await DreamBody.Parse(body).NamingFieldsAsync(request => dreams.CreateAsync(http.Caller(), request, http.RequestAborted))).ToJson()))
            .WithName("CreateDream").WithSummary("Start a dream over one memory store and a set of sessions; answers pending");

        group.MapGet("/", async Task<Ok<PageJson<DreamJson>>> (
            HttpContext http,
            [FromQuery] string? limit,
            [FromQuery] string? page,
            [FromQuery(Name = "include_archived")] string? includeArchived,
            [FromQuery(Name = "created_at[gt]")] string? createdAfter,
            [FromQuery(Name = "created_at[lt]")] string? createdBefore) =>
        {
            var query = new QueryReader(http.Request.Query);
            var result = await dreams.ListAsync(http.Caller(), new DreamListQuery(
                Statuses(query), query.Bool("include_archived"), query.Time("created_at[gt]"), query.Time("created_at[lt]"), query.Int("limit"), query.String("page")),
                http.RequestAborted);
            return TypedResults.Ok(result.ToJson(d => d.ToJson()));
        }).WithName("ListDreams").WithSummary("List dreams, newest first; archived ones only with include_archived");

        group.MapGet("/{dream_id}", async Task<Ok<DreamJson>> (HttpContext http, [FromRoute(Name = "dream_id")] string dreamId) =>
            TypedResults.Ok((await dreams.GetAsync(http.Caller(), dreamId, http.RequestAborted)).ToJson()))
            .WithName("RetrieveDream").WithSummary("Retrieve a dream, with its progress");

        group.MapPost("/{dream_id}/cancel", async Task<Ok<DreamJson>> (HttpContext http, [FromRoute(Name = "dream_id")] string dreamId) =>
            TypedResults.Ok((await dreams.CancelAsync(http.Caller(), dreamId, http.RequestAborted)).ToJson()))
            .WithName("CancelDream").WithSummary("Stop a pending or running dream");

        group.MapPost("/{dream_id}/archive", async Task<Ok<DreamJson>> (HttpContext http, [FromRoute(Name = "dream_id")] string dreamId) =>
            TypedResults.Ok((await dreams.ArchiveAsync(http.Caller(), dreamId, http.RequestAborted)).ToJson()))
            .WithName("ArchiveDream").WithSummary("Hide a finished dream from the default list");

        app.MapGet("/v1/engram/dreams/{dream_id}/patterns", async Task<Ok<PageJson<DreamPatternJson>>> (
            HttpContext http, [FromRoute(Name = "dream_id")] string dreamId, [FromQuery] string? limit, [FromQuery] string? page) =>
        {
            var query = new QueryReader(http.Request.Query);
            var result = await dreams.ListPatternsAsync(http.Caller(), dreamId, query.Int("limit"), query.String("page"), http.RequestAborted);
            return TypedResults.Ok(result.ToJson(p => p.ToJson()));
        }).WithTags("Dreams (extension)").WithName("ListDreamPatterns").WithSummary("The candidate patterns a dream considered: proposed or dropped, each with the rule that decided it and its counts");

        app.MapPost("/v1/engram/dreams/estimate", async Task<Ok<DreamEstimateJson>> (HttpContext http, [FromBody] JsonElement body) =>
            TypedResults.Ok((await DreamBody.Parse(body).NamingFieldsAsync(request => dreams.EstimateAsync(http.Caller(), request, http.RequestAborted))).ToJson()))
            .WithTags("Dreams (extension)").WithName("EstimateDream").WithSummary("Dry run: sessions, events and the tokens and cost a dream would spend; writes nothing");
    }

    // The official SDK sends statuses[]=pending&statuses[]=completed (bracketed, one per status); plain clients may
    // repeat statuses=pending&statuses=completed instead. Both are read, together.
    private static IReadOnlyList<DreamStatus>? Statuses(QueryReader query)
    {
        var names = query.Strings("statuses").Concat(query.Strings("statuses[]")).ToList();
        return names.Count == 0
            ? null
            : [.. names.Select(name => DreamStatusNames.Parse(name, "statuses"))];
    }
}
