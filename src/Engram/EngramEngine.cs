using Engram.Access;
using Engram.Access.Audit;
using Engram.Access.Policies;
using Engram.Dreaming.Dreams;
using Engram.Review;
using Engram.Search;
using Engram.Identity;
using Engram.Memories;
using Engram.Sessions;
using Engram.Storage;

namespace Engram;

/// <summary>The library's services over one storage backend, with the clock and id generator they share.</summary>
public sealed class EngramEngine : IAsyncDisposable
{
    /// <summary>Composes the services over <paramref name="storage"/>; the engine owns and closes it. <paramref name="dreams"/> sets how dreams run (rules alone unless it configures a model).</summary>
    public EngramEngine(IEngramStorage storage, TimeProvider? time = null, IIdGenerator? ids = null, ITextEmbedder? embedder = null, SessionOptions? sessions = null,
        DreamOptions? dreams = null)
    {
        Storage = storage;
        Time = time ?? TimeProvider.System;
        Ids = ids ?? new SortableIdGenerator(Time);
        Policies = new PolicyStore(storage, Time);
        Audit = new AuditTrail(storage, Time, Ids);
        Memories = new MemoryStoreService(storage, Time, Ids, Policies, Audit);
        Access = new AccessService(storage, storage, storage, Time, Ids, Policies, Audit);
        Review = new ReviewService(storage, storage, storage, Memories, Policies);
        StoreSettings = new StoreSettingsCache(storage);
        Indexer = new SearchIndexer(storage, storage, StoreSettings);
        Embeddings = embedder is null ? null : new EmbeddingIndexer(storage, storage, embedder);
        Search = new SearchService(storage, storage, Policies, Indexer, StoreSettings, Time, Embeddings);
        Context = new ContextBuilder(storage, storage, storage, Policies, Indexer, StoreSettings, Time);
        Sessions = new SessionService(storage, Time, Ids, Audit, Access, sessions ?? new SessionOptions());
        var dreamOptions = (dreams ?? new DreamOptions()).Validated();
        Dreams = new DreamService(storage, storage, storage, Time, Ids, Policies, Audit, dreamOptions, new DreamWakeup());
        DreamRunner = new DreamRunner(storage, Time, Ids, Memories, Access, Policies, Audit, dreamOptions);
        Workload = new Diagnostics.WorkloadSampler(storage, storage);
    }

    /// <summary>The storage backend: every port (each service above takes only the ones it uses).</summary>
    public IEngramStorage Storage { get; }

    /// <summary>The clock.</summary>
    public TimeProvider Time { get; }

    /// <summary>The id generator.</summary>
    public IIdGenerator Ids { get; }

    /// <summary>Stores, memories and versions.</summary>
    internal MemoryStoreService Memories { get; }

    /// <summary>Principals, API keys, sessions and policies.</summary>
    internal AccessService Access { get; }

    /// <summary>Proposals and their review.</summary>
    internal ReviewService Review { get; }

    /// <summary>The compiled policy rules.</summary>
    internal PolicyStore Policies { get; }

    /// <summary>The audit log.</summary>
    internal AuditTrail Audit { get; }

    /// <summary>Search settings of stores (semantic search on or off, staleness horizon).</summary>
    internal StoreSettingsCache StoreSettings { get; }

    /// <summary>Keeps the full-text index in step with writes.</summary>
    internal SearchIndexer Indexer { get; }

    /// <summary>Embeds memories of stores with semantic search on; null when no embedder was given.</summary>
    internal EmbeddingIndexer? Embeddings { get; }

    /// <summary>Keyword, semantic and hybrid search.</summary>
    internal SearchService Search { get; }

    /// <summary>The memory section for the start of a session.</summary>
    internal ContextBuilder Context { get; }

    /// <summary>Recorded conversations: transcripts, their events, and the link from versions to them.</summary>
    internal SessionService Sessions { get; }

    /// <summary>Dreams: create, list, cancel, archive, and the dry run.</summary>
    internal DreamService Dreams { get; }

    /// <summary>Runs a dream to its end (a <see cref="DreamWorker"/> calls it in the background; the CLI in the foreground).</summary>
    internal DreamRunner DreamRunner { get; }

    /// <summary>Counts the work waiting in the database (search queues, dreams), for a host's gauges.</summary>
    internal Diagnostics.WorkloadSampler Workload { get; }

    /// <summary>
    /// Makes <paramref name="userId"/> an admin user (if it is not a principal yet) and issues it a new API key, whose
    /// secret is returned this once: how a fresh Engram gets its first credential. The first bootstrap also installs
    /// the rule that admins administer every store.
    /// </summary>
    public Task<CreatedApiKey> BootstrapAsync(string userId, string userName, CancellationToken cancellationToken = default) =>
        Access.BootstrapAsync(userId, userName, cancellationToken);

    /// <summary>The caller an API key or session token names (what a face does with the secret it is given); refused when it names none.</summary>
    public Task<Caller> AuthenticateAsync(string? secret, CancellationToken cancellationToken = default) =>
        Access.AuthenticateAsync(secret, cancellationToken);

    /// <summary>
    /// True when the storage opens and answers a cheap read (what a readiness probe asks); false when it fails.
    /// Cancellation is not a failure: it is rethrown.
    /// </summary>
    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await Storage.GetStoreAsync("memstore_readiness_probe", cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Finishes queued writes and closes the storage.</summary>
    public ValueTask DisposeAsync() => Storage.DisposeAsync();
}
