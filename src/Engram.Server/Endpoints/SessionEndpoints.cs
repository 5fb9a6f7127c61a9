using Engram.Errors;
using Engram.Memories;
using Engram.Sessions;
using Microsoft.AspNetCore.Http.Features;

namespace Engram.Server.Endpoints;

/// <summary>
/// Sessions as the hosted API lists them (<c>/v1/sessions</c>, their events), and Engram's extensions for
/// recording them: importing a transcript file, appending events in batches, and the events around a version.
/// </summary>
internal static class SessionEndpoints
{
    /// <summary>Body limit of an append: a batch of events may carry large tool results (each event is capped by <see cref="EventLimits"/>).</summary>
    public const long MaxAppendBodyBytes = 64L * 1024 * 1024;

    public static void Map(IEndpointRouteBuilder app, EngramEngine engine)
    {
        var sessions = engine.Sessions;
        var hosted = app.MapGroup("/v1/sessions").WithTags("Sessions");
        hosted.MapGet("/", async Task<Ok<PageJson<SessionJson>>> (HttpContext http, [FromQuery] string? limit, [FromQuery] string? page) =>
        {
            var query = new QueryReader(http.Request.Query);
            var caller = http.Caller();
            var result = await engine.Access.ListSessionsAsync(caller, query.Int("limit"), query.String("page"), http.RequestAborted);
            var data = new List<SessionJson>(result.Data.Count);
            foreach (var session in result.Data)
            {
                data.Add(session.ToJson(transcript: await sessions.GetTranscriptAsync(caller, session.Id, http.RequestAborted)));
            }

            return TypedResults.Ok(new PageJson<SessionJson>(data, result.NextPage));
        }).WithName("ListSessions").WithSummary("List the sessions the caller may see, newest first, with their transcripts' metadata");

        hosted.MapGet("/{session_id}", async Task<Ok<SessionJson>> (HttpContext http, [FromRoute(Name = "session_id")] string sessionId) =>
        {
            var caller = http.Caller();
            var session = await engine.Access.GetSessionAsync(caller, sessionId, http.RequestAborted);
            return TypedResults.Ok(session.ToJson(transcript: await sessions.GetTranscriptAsync(caller, sessionId, http.RequestAborted)));
        }).WithName("RetrieveSession").WithSummary("Retrieve a session with its transcript's metadata");

        hosted.MapGet("/{session_id}/events", async Task<Ok<PageJson<SessionEventJson>>> (
            HttpContext http, [FromRoute(Name = "session_id")] string sessionId, [FromQuery] string? limit, [FromQuery] string? page,
            [FromQuery(Name = "include_raw")] string? includeRaw) =>
        {
            var query = new QueryReader(http.Request.Query);
            var withRaw = query.String("include_raw") is not null && query.Bool("include_raw");
            var result = await sessions.ListEventsAsync(http.Caller(), sessionId, query.Int("limit"), query.String("page"), withRaw, http.RequestAborted);
            return TypedResults.Ok(new PageJson<SessionEventJson>(result.Data.Select(e => e.ToJson(withRaw)).ToList(), result.NextPage));
        }).WithName("ListSessionEvents").WithSummary("A session's events in order (hosted event types, plus index, source_key, off_path, file, line; raw with include_raw=true); limit up to 1,000, page");

        hosted.MapDelete("/{session_id}", async Task<Ok<DeletedJson>> (HttpContext http, [FromRoute(Name = "session_id")] string sessionId) =>
        {
            await sessions.DeleteAsync(http.Caller(), sessionId, http.RequestAborted);
            return TypedResults.Ok(new DeletedJson("session_deleted", sessionId));
        }).WithName("DeleteSession").WithSummary("Delete a session and its events; versions keep the session id they recorded");

        var record = app.MapGroup("/v1/engram/sessions").WithTags("Sessions (extension)");
        record.MapPost("/import", async Task<Ok<OpenedTranscriptJson>> (HttpContext http, [FromBody] OpenTranscriptJson body) =>
        {
            var opened = await sessions.OpenImportAsync(
                http.Caller(), new OpenTranscriptRequest(body.Format, body.Source, body.Agent, body.Title, body.ContentId), http.RequestAborted);
            return TypedResults.Ok(new OpenedTranscriptJson(opened.Session.ToJson(), opened.Transcript.ToJson(), opened.Created, opened.FoundByContent));
        }).WithName("OpenTranscript")
          .WithSummary("Find the session a transcript file (format, absolute source path, content_id) was imported into by the caller (by path, else by content), or create it");

        record.MapPost("/{session_id}/events", async Task<Ok<AppendEventsResultJson>> (HttpContext http, [FromRoute(Name = "session_id")] string sessionId, [FromBody] AppendEventsJson body) =>
        {
            var events = (body.Events ?? throw new InvalidRequestException("events", "is required")).Select((e, i) => e.ToModel($"events[{i}]")).ToList();
            var result = await sessions.AppendEventsAsync(http.Caller(), sessionId, events, http.RequestAborted);
            return TypedResults.Ok(new AppendEventsResultJson(result.Added, result.AlreadyHeld));
        }).WithMetadata(new RequestSizeLimitAttribute(MaxAppendBodyBytes))
          .WithName("AppendSessionEvents").WithSummary("Append normalized events (at most 5,000 per request); events whose source_key the session holds are not added again; secrets are masked");

        record.MapPost("/{session_id}/transcript", async Task<Ok<TranscriptJson>> (HttpContext http, [FromRoute(Name = "session_id")] string sessionId, [FromBody] CompleteTranscriptJson body) =>
        {
            var transcript = await sessions.CompleteImportAsync(
                http.Caller(), sessionId, new CompleteTranscriptRequest(body.Metadata.ToModel(), body.SourceSize ?? 0, body.SourceModified, body.ContentId, body.Agent),
                http.RequestAborted);
            return TypedResults.Ok(transcript.ToJson());
        }).WithName("CompleteTranscript")
          .WithSummary("Record what a fully read transcript said (metadata), its file's size, write time and content_id, and the agent it says the session ran as");

        app.MapGet("/v1/memory_stores/{store_id}/memory_versions/{version_id}/session_events", async Task<Ok<SessionEventsAroundJson>> (
            HttpContext http, [FromRoute(Name = "store_id")] string storeId, [FromRoute(Name = "version_id")] string versionId,
            [FromQuery] string? before, [FromQuery] string? after) =>
        {
            var query = new QueryReader(http.Request.Query);
            var caller = http.Caller();
            var version = await engine.Memories.GetVersionAsync(caller, storeId, versionId, MemoryView.Basic, http.RequestAborted);
            var events = await sessions.EventsAroundVersionAsync(caller, version, query.Int("before") ?? 10, query.Int("after") ?? 5, http.RequestAborted);
            return TypedResults.Ok(new SessionEventsAroundJson(version.CreatedBy!.Id, events.Select(e => e.ToJson(withRaw: false)).ToList()));
        }).WithTags("Sessions (extension)").WithName("ListVersionSessionEvents")
          .WithSummary("The events of the session that wrote a version, around the write: before (default 10) and after (default 5), each at most 100");
    }

    /// <summary>Raises the body limit for endpoints that declare a larger one (appends), before anything reads the body.</summary>
    public static async Task ApplyBodyLimitAsync(HttpContext http, RequestDelegate next)
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata>() is { MaxRequestBodySize: { } limit }
            && http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        await next(http);
    }
}
