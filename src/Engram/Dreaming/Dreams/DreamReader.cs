using Engram.Dreaming.Analysis;
using Engram.Errors;
using Engram.Memories;
using Engram.Sessions;
using Engram.Storage;

namespace Engram.Dreaming.Dreams;

/// <summary>
/// What one model batch may read: memories of the dream's input store, and events of the batch's own sessions.
/// Anything else does not exist for it.
/// </summary>
internal sealed class DreamReader(ISessionStorage storage, IReadOnlyList<StoreFile> store, IReadOnlySet<string> sessionIds) : IDreamReader
{
    private readonly Dictionary<string, string> _files = store.ToDictionary(f => f.Path, f => f.Content, StringComparer.Ordinal);

    /// <summary>Most events one read returns: a window around a signal, not a transcript.</summary>
    public const int MaxEventsPerRead = 200;

    /// <summary>A file of the snapshot the dream read (only what its creator may read), or null.</summary>
    public Task<string?> ReadMemoryAsync(string path, CancellationToken cancellationToken) =>
        Task.FromResult(_files.GetValueOrDefault(path));

    /// <summary>Events of a session of the batch; a session outside it is not found.</summary>
    public Task<IReadOnlyList<StoredEvent>> ReadEventsAsync(string sessionId, long fromIndex, int count, CancellationToken cancellationToken) =>
        sessionIds.Contains(sessionId)
            ? storage.ListEventsAsync(sessionId, Math.Max(0, fromIndex), Math.Clamp(count, 1, MaxEventsPerRead), withRaw: false, cancellationToken)
            : throw new NotFoundException("session", sessionId);
}
