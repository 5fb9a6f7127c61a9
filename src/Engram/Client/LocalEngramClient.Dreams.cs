using Engram.Dreaming.Dreams;
using Engram.Memories;

namespace Engram.Client;

public sealed partial class LocalEngramClient
{
    public Task<Dream> CreateDreamAsync(CreateDreamRequest request, CancellationToken cancellationToken = default) =>
        Engine.Dreams.CreateAsync(Caller, request, cancellationToken);

    public Task<Dream> GetDreamAsync(string dreamId, CancellationToken cancellationToken = default) =>
        Engine.Dreams.GetAsync(Caller, dreamId, cancellationToken);

    public Task<Page<Dreaming.Findings.ConsideredPattern>> ListDreamPatternsAsync(string dreamId, int? limit = null, string? page = null, CancellationToken cancellationToken = default) =>
        Engine.Dreams.ListPatternsAsync(Caller, dreamId, limit, page, cancellationToken);

    public Task<Page<Dream>> ListDreamsAsync(DreamListQuery query, CancellationToken cancellationToken = default) =>
        Engine.Dreams.ListAsync(Caller, query, cancellationToken);

    public Task<Dream> CancelDreamAsync(string dreamId, CancellationToken cancellationToken = default) =>
        Engine.Dreams.CancelAsync(Caller, dreamId, cancellationToken);

    public Task<Dream> ArchiveDreamAsync(string dreamId, CancellationToken cancellationToken = default) =>
        Engine.Dreams.ArchiveAsync(Caller, dreamId, cancellationToken);

    public Task<DreamEstimate> EstimateDreamAsync(CreateDreamRequest request, CancellationToken cancellationToken = default) =>
        Engine.Dreams.EstimateAsync(Caller, request, cancellationToken);

    public async Task<Dream> RunDreamAsync(string dreamId, IProgress<Dream>? progress = null, CancellationToken cancellationToken = default)
    {
        // Only someone who may see the dream may run it here.
        var dream = await Engine.Dreams.GetAsync(Caller, dreamId, cancellationToken).ConfigureAwait(false);
        var report = progress is null ? null : new Relay(p => progress.Report(dream with { Status = DreamStatus.Running, Progress = p }));
        return dream.IsUnfinished ? await Engine.DreamRunner.RunAsync(dreamId, report, cancellationToken).ConfigureAwait(false) : dream;
    }

    // Reports on the runner's thread, in order (Progress<T> would post to the thread pool and could reorder).
    private sealed class Relay(Action<DreamProgress> report) : IProgress<DreamProgress>
    {
        public void Report(DreamProgress value) => report(value);
    }
}
