using Engram.Dreaming.Analysis;
using Engram.Dreaming.Model;
using Engram.Storage;

namespace Engram.Dreaming.Dreams;

internal sealed partial class DreamRunner
{
    /// <summary>
    /// The model sub-agents: sessions with signals that no model read yet, in batches of <see cref="DreamOptions.BatchSessions"/>,
    /// at most <see cref="DreamOptions.Concurrency"/> at once. Each batch's findings and usage are recorded as it
    /// finishes (a resumed dream skips it). Once the dream has spent its token budget no further batch starts, and the
    /// dream goes on to synthesis with what it has.
    /// </summary>
    private async Task<Dream> ConsultModelAsync(Dream dream, DreamHold? hold, ISessionAnalyzer analyzer, IReadOnlyList<StoreFile> store, IProgress<DreamProgress>? progress, CancellationToken cancellationToken)
    {
        var index = StoreSnapshot.Index(store);
        var budget = _options.TokenBudget;
        var spent = dream.Usage.InputTokens + dream.Usage.OutputTokens;
        var stopped = false;
        Exception? providerFailure = null;
        var latest = dream;
        var gate = new Lock();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.Concurrency, CancellationToken = cancellationToken };
        var after = -1;
        while (!stopped && Interlocked.Read(ref spent) < budget)
        {
            var rows = await _storage.ListDreamSessionsAsync(dream.Id, DreamSessionState.AwaitingModel, after, _options.BatchSessions * _options.Concurrency * 4, cancellationToken).ConfigureAwait(false);
            if (rows.Count == 0)
            {
                break;
            }

            after = rows[^1].Ordinal;
            await Parallel.ForEachAsync(rows.Chunk(_options.BatchSessions), parallel, async (batch, token) =>
            {
                if (Volatile.Read(ref stopped) || Interlocked.Read(ref spent) >= budget)
                {
                    return;
                }

                var digests = batch.Select(row => DreamJson.Read<SessionAnalysisRecord>(row.Analysis!).Digest(row.SessionId)).ToList();
                var reader = new DreamReader(_storage, store, digests.Select(d => d.SessionId).ToHashSet(StringComparer.Ordinal));
                SessionAnalysis result;
                try
                {
                    result = await analyzer.AnalyzeAsync(new SessionAnalysisRequest(digests, index, dream.Instructions, reader), token).ConfigureAwait(false);
                }
                catch (Exception error) when (error is ModelProviderException or ModelUnavailableException)
                {
                    // The provider let the model path down: no further batch starts, and the dream goes on with the rules.
                    Interlocked.CompareExchange(ref providerFailure, error, null);
                    Volatile.Write(ref stopped, true);
                    return;
                }

                Interlocked.Add(ref spent, result.Usage.InputTokens + result.Usage.OutputTokens);
                var findings = batch.Select((row, i) => new DreamSessionFindings(row.Ordinal, DreamJson.Write(new ModelFindingsRecord(
                    [.. result.Findings.Where(f => f.SessionId == row.SessionId).Select(f => f with { Agent = digests[i].Agent })],
                    i == 0 ? result.Usage : null)))).ToList();
                var current = await UpdateIfRunningAsync(dream.Id, hold, (tx, d) =>
                {
                    tx.RecordDreamFindings(d.Id, findings);
                    return d with { Usage = d.Usage.Plus(result.Usage) };
                }, token).ConfigureAwait(false);
                lock (gate)
                {
                    latest = current;
                    if (current.Status != DreamStatus.Running)
                    {
                        Volatile.Write(ref stopped, true);
                    }
                }

                progress?.Report(current.Progress);
            }).ConfigureAwait(false);
        }

        if (providerFailure is not null)
        {
            var degraded = Degradation(providerFailure);
            latest = await UpdateIfRunningAsync(dream.Id, hold, (_, d) => d with { Degraded = degraded }, cancellationToken).ConfigureAwait(false);
            progress?.Report(latest.Progress);
            return latest;
        }

        if (latest.Status != DreamStatus.Running || Interlocked.Read(ref spent) < budget || latest.Progress.TokenBudgetReached
            || (await _storage.ListDreamSessionsAsync(dream.Id, DreamSessionState.AwaitingModel, -1, 1, cancellationToken).ConfigureAwait(false)).Count == 0)
        {
            return latest;
        }

        // Budget spent: record it, so the dream says why some sessions were read by rules alone.
        var reached = await UpdateIfRunningAsync(dream.Id, hold, (_, d) => d with { Progress = d.Progress with { TokenBudgetReached = true } }, cancellationToken).ConfigureAwait(false);
        progress?.Report(reached.Progress);
        return reached;
    }

    /// <summary>Characters of a provider's failure a dream keeps: the endpoint and the error, not a whole error page.</summary>
    private const int MaxDegradedMessageChars = 300;

    /// <summary>The degradation a provider failure leaves on a dream: the provider's error kind, and a message naming the endpoint (secrets masked).</summary>
    private static DreamError Degradation(Exception failure)
    {
        var provider = failure as ModelProviderException ?? (failure as ModelUnavailableException)?.Last;
        // One line, bounded: a provider may answer with a whole HTML error page.
        var message = Memories.UnicodeText.Ellipsize(string.Join(' ', Sessions.SecretMasker.Mask(failure.Message, out _).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)), MaxDegradedMessageChars);
        return new DreamError(provider is null ? "model_unavailable" : ModelProviderException.CodeOf(provider.Status),
            $"the model path failed, so this dream's proposals come from the rules alone: {message}");
    }
}
