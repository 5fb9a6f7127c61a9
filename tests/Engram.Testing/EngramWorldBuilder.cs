using Engram.Dreaming.Dreams;
using Engram.Search;
using Engram.Sessions;
using Engram.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Engram.Testing;

/// <summary>Says which backend, clock, embedder and options a world starts with; <see cref="StartAsync"/> makes it.</summary>
public sealed class EngramWorldBuilder
{
    /// <summary>The start of every fake clock unless a test names its own.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    private EngramWorldOptions _options = new();

    /// <summary>Uses <paramref name="time"/> (null: the system clock).</summary>
    public EngramWorldBuilder WithClock(TimeProvider? time)
    {
        _options = _options with { Time = time };
        return this;
    }

    /// <summary>Uses a <see cref="FakeTimeProvider"/> at <paramref name="start"/> (default <see cref="DefaultStart"/>), reachable as <see cref="EngramWorld.Clock"/>.</summary>
    public EngramWorldBuilder WithFakeClock(DateTimeOffset? start = null) => WithClock(new FakeTimeProvider(start ?? DefaultStart));

    /// <summary>Embeds with <paramref name="embedder"/> (null: no semantic search).</summary>
    public EngramWorldBuilder WithEmbedder(ITextEmbedder? embedder)
    {
        _options = _options with { Embedder = embedder };
        return this;
    }

    /// <summary>Embeds with a fresh deterministic <see cref="WordEmbedder"/>, reachable as <see cref="EngramWorld.Embedder"/>.</summary>
    public EngramWorldBuilder WithWordEmbedder() => WithEmbedder(new WordEmbedder());

    public EngramWorldBuilder WithSessions(SessionOptions? sessions)
    {
        _options = _options with { Sessions = sessions };
        return this;
    }

    public EngramWorldBuilder WithDreams(DreamOptions? dreams)
    {
        _options = _options with { Dreams = dreams };
        return this;
    }

    public EngramWorldBuilder WithDurability(Durability durability)
    {
        _options = _options with { Durability = durability };
        return this;
    }

    /// <summary>Starts from a data directory as <c>engram init</c> and <c>engram serve</c> make it.</summary>
    public EngramWorldBuilder AsDataDirectory()
    {
        _options = _options with { DataDirectory = true };
        return this;
    }

    public EngramWorldBuilder WithAdminId(string adminId)
    {
        _options = _options with { AdminId = adminId };
        return this;
    }

    /// <summary>Opens the backend in a fresh temporary directory and bootstraps the admin.</summary>
    public Task<EngramWorld> StartAsync() => EngramWorld.StartAsync(_options);
}
