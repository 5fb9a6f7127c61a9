using Engram.Access;
using Engram.Access.Audit;
using Engram.Access.Policies;
using Engram.Review;
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
        Policies = new PolicyStore(storage, Time);
        Audit = new AuditTrail(storage, Time, Ids);
        Memories = new MemoryStoreService(storage, Time, Ids, Policies, Audit);
        Access = new AccessService(storage, Time, Ids, Policies, Audit);
        Review = new ReviewService(storage, Memories, Policies);
    }

    /// <summary>The storage backend.</summary>
    public IMemoryStorage Storage { get; }

    /// <summary>The clock.</summary>
    public TimeProvider Time { get; }

    /// <summary>The id generator.</summary>
    public IIdGenerator Ids { get; }

    /// <summary>Stores, memories and versions.</summary>
    public MemoryStoreService Memories { get; }

    /// <summary>Principals, API keys, sessions and policies.</summary>
    public AccessService Access { get; }

    /// <summary>Proposals and their review.</summary>
    public ReviewService Review { get; }

    /// <summary>The compiled policy rules.</summary>
    public PolicyStore Policies { get; }

    /// <summary>The audit log.</summary>
    public AuditTrail Audit { get; }

    /// <summary>Finishes queued writes and closes the storage.</summary>
    public ValueTask DisposeAsync() => Storage.DisposeAsync();
}
