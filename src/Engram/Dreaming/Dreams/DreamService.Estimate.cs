using Engram.Access;
using Engram.Dreaming.Analysis;

namespace Engram.Dreaming.Dreams;

internal sealed partial class DreamService
{
    /// <summary>
    /// The dry run: validates the request as <see cref="CreateAsync"/> does, resolves its sessions, runs the signal
    /// pass, and when a model would be used, asks the model sub-agent what each batch the run would send costs in
    /// input tokens. Writes nothing and spends nothing.
    /// </summary>
    public async Task<DreamEstimate> EstimateAsync(Caller caller, CreateDreamRequest request, CancellationToken cancellationToken)
    {
        var prepared = await PrepareAsync(caller, request, cancellationToken).ConfigureAwait(false);
        var options = _options.Validated();
        var analyzer = options.Analyzers?.Invoke(prepared.Model);
        var rules = await _policies.CurrentAsync(cancellationToken).ConfigureAwait(false);
        var store = analyzer is null
            ? []
            : await StoreSnapshot.LoadAsync(_memoryStorage, prepared.Store.Id, StoreSnapshot.ReadableBy(rules, caller, prepared.Store.Id), cancellationToken).ConfigureAwait(false);
        var index = StoreSnapshot.Index(store);
        var pass = new SessionSignalPass(_sessionStorage, sessionRead: null);
        var sessions = await _sessionStorage.FindSessionsAsync(prepared.SessionIds, cancellationToken).ConfigureAwait(false);
        var agents = sessions.ToDictionary(s => s.Id, s => s.Agent, StringComparer.Ordinal);

        long events = 0;
        var withSignals = 0;
        var batches = 0;
        long inputTokens = 0;
        var batch = new List<SessionDigest>(options.BatchSessions);
        foreach (var chunk in prepared.SessionIds.Chunk(options.SessionsPerAnalysisBatch))
        {
            var records = new SessionAnalysisRecord[chunk.Length];
            await Parallel.ForEachAsync(Enumerable.Range(0, chunk.Length), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken },
                async (i, token) => records[i] = await pass.ReadAsync(chunk[i], agents.GetValueOrDefault(chunk[i], ""), new Findings.SessionFacts(), token).ConfigureAwait(false)).ConfigureAwait(false);
            for (var i = 0; i < chunk.Length; i++)
            {
                events += records[i].Events;
                if (!records[i].Noteworthy.Any())
                {
                    continue;
                }

                withSignals++;
                batch.Add(records[i].Digest(chunk[i]));
                if (analyzer is not null && batch.Count == options.BatchSessions)
                {
                    inputTokens += await EstimateBatchAsync(analyzer, batch, store, index, prepared, cancellationToken).ConfigureAwait(false);
                    batches++;
                    batch.Clear();
                }
                else if (analyzer is null)
                {
                    batch.Clear();
                }
            }
        }

        if (analyzer is not null && batch.Count > 0)
        {
            inputTokens += await EstimateBatchAsync(analyzer, batch, store, index, prepared, cancellationToken).ConfigureAwait(false);
            batches++;
        }

        var outputTokens = (long)batches * DreamEstimate.OutputTokensPerBatch;
        decimal? cost = analyzer is not null && options.Prices?.Invoke(prepared.Model.Id) is { } price
            ? price.Cost(new DreamUsage(inputTokens, outputTokens, 0, 0))
            : null;
        return new DreamEstimate(prepared.SessionIds.Count, events, withSignals, analyzer is not null, batches, inputTokens, outputTokens, cost, options.TokenBudget);
    }

    private async Task<long> EstimateBatchAsync(ISessionAnalyzer analyzer, List<SessionDigest> batch, IReadOnlyList<StoreFile> store, IReadOnlyList<StoreIndexEntry> index, PreparedDream prepared, CancellationToken cancellationToken)
    {
        var sessions = batch.ToList();
        var reader = new DreamReader(_sessionStorage, store, sessions.Select(s => s.SessionId).ToHashSet(StringComparer.Ordinal));
        return await analyzer.EstimateInputTokensAsync(new SessionAnalysisRequest(sessions, index, prepared.Instructions, reader), cancellationToken).ConfigureAwait(false);
    }
}
