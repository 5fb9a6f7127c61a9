using Engram.Dreaming.Dreams;
using Engram.Search;
using Engram.Sessions;
using Engram.Sqlite;

namespace Engram.Testing;

/// <summary>What an <see cref="EngramWorld"/> is built from; <see cref="EngramWorld.ReopenAsync"/> may change any of it but the data.</summary>
public sealed record EngramWorldOptions
{
    /// <summary>The clock; null is the system clock.</summary>
    public TimeProvider? Time { get; init; }

    /// <summary>The embedding model: none (null), a <see cref="WordEmbedder"/>, or the real local model the test project brings.</summary>
    public ITextEmbedder? Embedder { get; init; }

    public SessionOptions? Sessions { get; init; }

    public DreamOptions? Dreams { get; init; }

    /// <summary>What an acknowledged write survives: tests that do not crash the process need no fsync.</summary>
    public Durability Durability { get; init; } = Durability.Normal;

    /// <summary>A data directory as <c>engram init</c> makes it (its manifest names the admin), instead of a bare database file.</summary>
    public bool DataDirectory { get; init; }

    /// <summary>The bootstrapped admin's user id (a data directory picks its own).</summary>
    public string AdminId { get; init; } = EngramWorld.DefaultAdminId;
}
