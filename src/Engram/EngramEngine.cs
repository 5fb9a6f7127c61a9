using Engram.Access;
using Engram.Identity;
using Engram.Memories;
using Engram.Storage;

namespace Engram;

/// <summary>The library's services over one storage backend, with the clock and id generator they share.</summary>
public sealed class EngramEngine : IAsyncDisposable
{
    /// <summary>Composes the services over <paramref name="storage"/>; the engine owns and closes it.</summary>
    public EngramEngine(IMemoryStorage storage, TimeProvider? time = null, IIdGenerator? ids = null)
    {
        Storage = storage;
        Time = time ?? TimeProvider.System;
        Ids = ids ?? new SortableIdGenerator(Time);
        Memories = new MemoryStoreService(storage, Time, Ids);
        Access = new AccessService(storage, Time, Ids);
    }

    /// <summary>The storage backend.</summary>
    public IMemoryStorage Storage { get; }

    /// <summary>The clock.</summary>
    public TimeProvider Time { get; }

    /// <summary>The id generator.</summary>
    public IIdGenerator Ids { get; }

    /// <summary>Stores, memories and versions.</summary>
    public MemoryStoreService Memories { get; }

    /// <summary>Principals and API keys.</summary>
    public AccessService Access { get; }

    /// <summary>Finishes queued writes and closes the storage.</summary>
    public ValueTask DisposeAsync() => Storage.DisposeAsync();
}
