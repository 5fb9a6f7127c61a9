using Engram.Dreaming.Signals;

namespace Engram.Dreaming.Analysis;

/// <summary>What a dream knows about one session after the signal pass: who ran it, when, how long it was, and its signals.</summary>
/// <param name="SessionId">The session (<c>sesn_</c>).</param>
/// <param name="Agent">The agent that ran it.</param>
/// <param name="StartedAt">When it started, when known.</param>
/// <param name="EventCount">Events in its transcript.</param>
/// <param name="Signals">Its signals, as <see cref="SessionSignals.Extract"/> returned them.</param>
public sealed record SessionDigest(string SessionId, string Agent, DateTimeOffset? StartedAt, long EventCount, IReadOnlyList<Signal> Signals);

/// <summary>One line of a store's index: what a sub-agent sees instead of the store's full text.</summary>
/// <param name="Path">The memory's path.</param>
/// <param name="Description">Its front-matter description or first line, when it has one.</param>
/// <param name="SizeBytes">Its size, so an analyzer can judge whether to read it.</param>
public sealed record StoreIndexEntry(string Path, string? Description, long SizeBytes)
{
    /// <summary>The index line of a memory: its path, its one-line summary (<see cref="Search.MemoryFacts"/>) and its size.</summary>
    public static StoreIndexEntry Of(string path, string content) =>
        new(path, Search.MemoryFacts.Of(path, content).Summary, System.Text.Encoding.UTF8.GetByteCount(content));
}

/// <summary>A live memory as a dream reads it: the synthesizer checks drafts against these and bases edits on their hashes.</summary>
public sealed record StoreFile(string MemoryId, string Path, string ContentSha256, string Content);

/// <summary>What an analyzer may read beyond its request: memory files by path, and a session's events by position.</summary>
public interface IDreamReader
{
    /// <summary>The memory at <paramref name="path"/> in the dream's input store, or null when there is none.</summary>
    Task<string?> ReadMemoryAsync(string path, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="count"/> events of a session the dream reads, from position <paramref name="fromIndex"/>.</summary>
    Task<IReadOnlyList<Engram.Sessions.StoredEvent>> ReadEventsAsync(string sessionId, long fromIndex, int count, CancellationToken cancellationToken);
}
