using Engram.Dreaming.Analysis;
using Engram.Sessions;

namespace Engram.Dreaming.Tests.Dreaming.Model;

/// <summary>Memories and session events held in memory, and a log of what was read.</summary>
internal sealed class InMemoryDreamReader : IDreamReader
{
    public Dictionary<string, string> Memories { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, IReadOnlyList<StoredEvent>> Sessions { get; } = new(StringComparer.Ordinal);

    public List<string> MemoryReads { get; } = [];

    public Task<string?> ReadMemoryAsync(string path, CancellationToken cancellationToken)
    {
        MemoryReads.Add(path);
        return Task.FromResult(Memories.GetValueOrDefault(path));
    }

    public Task<IReadOnlyList<StoredEvent>> ReadEventsAsync(string sessionId, long fromIndex, int count, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<StoredEvent>>(Sessions.TryGetValue(sessionId, out var events)
            ? [.. events.Where(e => e.Index >= fromIndex && e.Index < fromIndex + count)]
            : []);
}
