using Engram.Dreaming.Dreams;
using Engram.Memories;

namespace Engram.Client;

/// <summary>Dreams: create, follow, run, cancel and archive them.</summary>
public interface IDreamClient
{
    /// <summary>Creates a dream; it starts pending.</summary>
    Task<Dream> CreateDreamAsync(CreateDreamRequest request, CancellationToken cancellationToken = default);

    /// <summary>Retrieves a dream with its progress.</summary>
    Task<Dream> GetDreamAsync(string dreamId, CancellationToken cancellationToken = default);

    /// <summary>Extension: a page of the candidate patterns a dream considered, each with what it decided and why.</summary>
    Task<Page<Dreaming.Findings.ConsideredPattern>> ListDreamPatternsAsync(string dreamId, int? limit = null, string? page = null, CancellationToken cancellationToken = default);

    /// <summary>Lists dreams, newest first.</summary>
    Task<Page<Dream>> ListDreamsAsync(DreamListQuery query, CancellationToken cancellationToken = default);

    /// <summary>Stops a pending or running dream.</summary>
    Task<Dream> CancelDreamAsync(string dreamId, CancellationToken cancellationToken = default);

    /// <summary>Hides a finished dream from the default list.</summary>
    Task<Dream> ArchiveDreamAsync(string dreamId, CancellationToken cancellationToken = default);

    /// <summary>The dry run: what a dream would read and spend; nothing is written.</summary>
    Task<DreamEstimate> EstimateDreamAsync(CreateDreamRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Brings a created dream to its end and returns it: in process, the dream runs here (and resumes if it was
    /// interrupted); against a server, its worker runs it and this polls. <paramref name="progress"/> hears each change.
    /// </summary>
    Task<Dream> RunDreamAsync(string dreamId, IProgress<Dream>? progress = null, CancellationToken cancellationToken = default);
}
