using Engram.Storage;

namespace Engram.Dreaming.Dreams;

internal sealed partial class DreamRunner
{
    /// <summary>
    /// The signal pass: every session not analysed yet, in ordinal order, a batch at a time. Sessions of a batch are
    /// read in parallel; the batch's analyses and the dream's progress are recorded in one write, which also tells
    /// whether the dream was canceled meanwhile.
    /// </summary>
    private async Task<Dream> AnalyzeAsync(Dream dream, DreamHold? hold, IProgress<DreamProgress>? progress, CancellationToken cancellationToken)
    {
        var pass = new SessionSignalPass(_storage, _options.SessionRead);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
        var after = -1;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var rows = await _storage.ListDreamSessionsAsync(dream.Id, DreamSessionState.Unanalyzed, after, _options.SessionsPerAnalysisBatch, cancellationToken).ConfigureAwait(false);
            if (rows.Count == 0)
            {
                return dream;
            }

            var analyses = new DreamSessionAnalysis[rows.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, rows.Count), parallel, async (i, token) =>
            {
                var row = rows[i];
                var record = await pass.ReadAsync(row.SessionId, row.Agent ?? "", new Findings.SessionFacts(row.StartedAt, row.RecordedAt, row.Project), token).ConfigureAwait(false);
                analyses[i] = new DreamSessionAnalysis(row.Ordinal, DreamJson.Write(record), record.Noteworthy.Count());
            }).ConfigureAwait(false);

            after = rows[^1].Ordinal;
            dream = await UpdateIfRunningAsync(dream.Id, hold, (tx, current) =>
            {
                var recorded = tx.RecordDreamAnalyses(current.Id, analyses);
                return current with { Progress = current.Progress with { Stage = "analyzing", SessionsAnalyzed = current.Progress.SessionsAnalyzed + recorded } };
            }, cancellationToken).ConfigureAwait(false);
            if (dream.Status != DreamStatus.Running)
            {
                return dream;
            }

            progress?.Report(dream.Progress);
        }
    }
}
