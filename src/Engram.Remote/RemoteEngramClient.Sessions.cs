using Engram.Memories;
using Engram.Sessions;
using Engram.Wire;

namespace Engram.Remote;

public sealed partial class RemoteEngramClient
{
    private readonly Lock _appendOrder = new();
    private Task _lastAppend = Task.CompletedTask;

    public async Task<OpenedTranscript> OpenTranscriptAsync(OpenTranscriptRequest request, CancellationToken cancellationToken = default)
    {
        var json = await ExtensionAsync<OpenedTranscriptJson>(
            HttpMethod.Post, "v1/engram/sessions/import", new OpenTranscriptJson(request.Format, request.Source, request.Agent, request.Title, request.ContentId),
            cancellationToken).ConfigureAwait(false);
        return new OpenedTranscript(json.Session.ToModel(), json.Transcript.ToModel(json.Session.Id), json.Created, json.FoundByContent);
    }

    /// <summary>
    /// Appends are sent one after another in the order they are made (the contract of the local client), so a
    /// caller that does not wait for one before making the next still gets its events in order.
    /// </summary>
    public Task<AppendEventsResult> AppendEventsAsync(string sessionId, IReadOnlyList<TranscriptEvent> events, CancellationToken cancellationToken = default)
    {
        lock (_appendOrder)
        {
            var sent = SendAppendAsync(_lastAppend, sessionId, events, cancellationToken);
            _lastAppend = sent.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return sent;
        }
    }

    private async Task<AppendEventsResult> SendAppendAsync(Task previous, string sessionId, IReadOnlyList<TranscriptEvent> events, CancellationToken cancellationToken)
    {
        await previous.ConfigureAwait(false);
        var json = await ExtensionAsync<AppendEventsResultJson>(
            HttpMethod.Post, $"v1/engram/sessions/{Escape(sessionId)}/events", new AppendEventsJson(events.Select(e => e.ToJson()).ToList()), cancellationToken).ConfigureAwait(false);
        return new AppendEventsResult(json.Added, json.AlreadyHeld);
    }

    public async Task<SessionTranscript> CompleteTranscriptAsync(string sessionId, CompleteTranscriptRequest request, CancellationToken cancellationToken = default)
    {
        var json = await ExtensionAsync<TranscriptJson>(
            HttpMethod.Post, $"v1/engram/sessions/{Escape(sessionId)}/transcript",
            new CompleteTranscriptJson(request.Metadata.ToJson(), request.SourceSize, request.SourceModified, request.ContentId, request.Agent), cancellationToken).ConfigureAwait(false);
        return json.ToModel(sessionId);
    }

    public async Task<SessionTranscript?> GetTranscriptAsync(string sessionId, CancellationToken cancellationToken = default) =>
        (await ExtensionAsync<SessionJson>(HttpMethod.Get, $"v1/sessions/{Escape(sessionId)}", null, cancellationToken).ConfigureAwait(false)).Transcript?.ToModel(sessionId);

    public async Task<Page<StoredEvent>> ListEventsAsync(string sessionId, int? limit = null, string? page = null, bool withRaw = false, CancellationToken cancellationToken = default)
    {
        var json = await ExtensionAsync<PageJson<SessionEventJson>>(
            HttpMethod.Get,
            $"v1/sessions/{Escape(sessionId)}/events{Query(("limit", limit?.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("page", page), ("include_raw", withRaw ? "true" : null))}",
            null, cancellationToken).ConfigureAwait(false);
        return new Page<StoredEvent>(json.Data.Select(e => e.ToModel(sessionId)).ToList(), json.NextPage);
    }

    public async Task<IReadOnlyList<StoredEvent>> EventsAroundVersionAsync(string storeId, string versionId, int before = 10, int after = 5, CancellationToken cancellationToken = default)
    {
        var json = await ExtensionAsync<SessionEventsAroundJson>(
            HttpMethod.Get,
            $"v1/memory_stores/{Escape(storeId)}/memory_versions/{Escape(versionId)}/session_events{Query(("before", before.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("after", after.ToString(System.Globalization.CultureInfo.InvariantCulture)))}",
            null, cancellationToken).ConfigureAwait(false);
        return json.Data.Select(e => e.ToModel(json.SessionId)).ToList();
    }

    public async Task DeleteSessionAsync(string sessionId, CancellationToken cancellationToken = default) =>
        await ExtensionAsync<DeletedJson>(HttpMethod.Delete, $"v1/sessions/{Escape(sessionId)}", null, cancellationToken).ConfigureAwait(false);
}
