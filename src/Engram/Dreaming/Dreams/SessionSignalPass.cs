using Engram.Dreaming.Signals;
using Engram.Storage;

namespace Engram.Dreaming.Dreams;

/// <summary>
/// Reads one session's events page by page (without their original records) and extracts its signals: memory
/// holds one page and the extractor's small windows, never the session.
/// </summary>
internal sealed class SessionSignalPass(ISessionStorage storage, Action<string>? sessionRead)
{
    /// <summary>Events per read: large enough that a typical session is one query, small enough to bound memory.</summary>
    public const int EventsPerPage = 1_000;

    public async Task<SessionAnalysisRecord> ReadAsync(string sessionId, string agent, Findings.SessionFacts facts, CancellationToken cancellationToken)
    {
        sessionRead?.Invoke(sessionId);
        var extractor = new SessionSignalExtractor(sessionId, agent);
        long from = 0;
        long events = 0;
        while (true)
        {
            var page = await storage.ListEventsAsync(sessionId, from, EventsPerPage, withRaw: false, cancellationToken).ConfigureAwait(false);
            foreach (var stored in page)
            {
                extractor.Add(stored.Index, stored.Event);
            }

            events += page.Count;
            if (page.Count < EventsPerPage)
            {
                break;
            }

            from = page[^1].Index + 1;
        }

        return new SessionAnalysisRecord(agent, facts.StartedAt, events, extractor.Finish()) { RecordedAt = facts.RecordedAt, Project = facts.Project };
    }
}
