using System.Threading.Channels;
using Engram.Client;

namespace Engram.Sessions;

internal sealed partial class TranscriptImporter
{
    /// <summary>
    /// Stores the work in order: one append in flight while the next is prepared (the client applies appends in
    /// the order they are made), and a file's transcript completed (or the session created for a file that failed,
    /// deleted) only once all its events are stored.
    /// </summary>
    private async Task StoreAsync(ChannelReader<StoreWork> work, ImportSummary summary, CancellationTokenSource failed)
    {
        var fileAdded = 0L; // events the current file's session gained, taken back if the session is discarded
        try
        {
            Task<AppendEventsResult>? inFlight = null;
            await foreach (var item in work.ReadAllAsync(failed.Token).ConfigureAwait(false))
            {
                if (item.Events is { } events)
                {
                    var next = client.AppendEventsAsync(item.SessionId, events, failed.Token);
                    if (inFlight is not null)
                    {
                        Count(await inFlight.ConfigureAwait(false));
                    }

                    inFlight = next;
                    continue;
                }

                if (inFlight is not null)
                {
                    Count(await inFlight.ConfigureAwait(false));
                    inFlight = null;
                }

                if (item.Discard)
                {
                    await client.DeleteSessionAsync(item.SessionId, failed.Token).ConfigureAwait(false);
                    Interlocked.Add(ref summary.EventsAddedCount, -fileAdded);
                }
                else
                {
                    await client.CompleteTranscriptAsync(item.SessionId, item.Complete!, failed.Token).ConfigureAwait(false);
                }

                fileAdded = 0;
            }

            if (inFlight is not null)
            {
                Count(await inFlight.ConfigureAwait(false));
            }
        }
        catch
        {
            await failed.CancelAsync().ConfigureAwait(false); // stops the reader too
            throw;
        }

        void Count(AppendEventsResult appended)
        {
            fileAdded += appended.Added;
            Interlocked.Add(ref summary.EventsAddedCount, appended.Added);
            Interlocked.Add(ref summary.EventsAlreadyHeldCount, appended.AlreadyHeld);
        }
    }

    /// <summary>
    /// A batch of a session's events to append; or the end of its file: its transcript to complete, or (with
    /// <see cref="Discard"/>) a session created for a file that could not be read or held no event, to delete with what was stored.
    /// </summary>
    private sealed record StoreWork(string SessionId, List<TranscriptEvent>? Events, CompleteTranscriptRequest? Complete, bool Discard = false);
}
