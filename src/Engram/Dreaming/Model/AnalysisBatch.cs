using Engram.Dreaming.Analysis;
using Engram.Sessions;

namespace Engram.Dreaming.Model;

/// <summary>
/// What one sub-agent run over one batch knows: its sessions, the events it has been shown (evidence quotes
/// come from these, by index, never from the model), the tool output among them, and the findings accepted.
/// One per <see cref="ModelSessionAnalyzer.AnalyzeAsync"/> call, so parallel batches share nothing.
/// </summary>
internal sealed class AnalysisBatch
{
    private readonly Dictionary<(string SessionId, long Index), StoredEvent> _events = [];

    public AnalysisBatch(SessionAnalysisRequest request, ModelAnalyzerOptions options)
    {
        Request = request;
        Options = options;
        Sessions = new Dictionary<string, SessionDigest>(StringComparer.Ordinal);
        foreach (var session in request.Sessions)
        {
            Sessions.TryAdd(session.SessionId, session);
        }
    }

    public SessionAnalysisRequest Request { get; }

    public ModelAnalyzerOptions Options { get; }

    /// <summary>The batch's sessions by id: the only sessions a finding may name.</summary>
    public Dictionary<string, SessionDigest> Sessions { get; }

    /// <summary>Tool output shown to the model so far.</summary>
    public ToolOutputWording ToolOutput { get; } = new();

    /// <summary>Findings accepted so far, in the order reported.</summary>
    public List<ModelFinding> Findings { get; } = [];

    /// <summary>Reports accepted so far (one report may give a finding per session it names).</summary>
    public int Reports { get; set; }

    /// <summary>
    /// Up to <paramref name="count"/> events of a batch session from <paramref name="fromIndex"/>, through the
    /// reader; each is remembered, so evidence can quote it later without reading it again.
    /// </summary>
    public async Task<IReadOnlyList<StoredEvent>> ReadEventsAsync(string sessionId, long fromIndex, int count, CancellationToken cancellationToken)
    {
        var events = await Request.Reader.ReadEventsAsync(sessionId, fromIndex, count, cancellationToken).ConfigureAwait(false);
        var kept = new List<StoredEvent>(events.Count);
        foreach (var stored in events)
        {
            // A reader answers for the session asked about; anything else is not this batch's to show.
            if (stored.SessionId != sessionId || stored.Index < fromIndex || stored.Index >= fromIndex + count)
            {
                continue;
            }

            _events[(sessionId, stored.Index)] = stored;
            kept.Add(stored);
        }

        return kept;
    }

    /// <summary>The stored event at <paramref name="index"/> of a batch session, read when not seen yet; null when there is none.</summary>
    public async Task<StoredEvent?> EventAsync(string sessionId, long index, CancellationToken cancellationToken)
    {
        if (_events.TryGetValue((sessionId, index), out var known))
        {
            return known;
        }

        var read = await ReadEventsAsync(sessionId, index, 1, cancellationToken).ConfigureAwait(false);
        return read.Count == 1 ? read[0] : null;
    }

    /// <summary>Records the text of a shown event when it is tool output.</summary>
    public void Shown(StoredEvent stored, string shownText)
    {
        if (stored.Event.Kind == TranscriptEventKind.ToolResult)
        {
            ToolOutput.Saw(shownText);
        }
    }
}
