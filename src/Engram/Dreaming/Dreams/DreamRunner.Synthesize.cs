using Engram.Dreaming.Analysis;
using Engram.Dreaming.Findings;
using Engram.Identity;
using Engram.Storage;

namespace Engram.Dreaming.Dreams;

internal sealed partial class DreamRunner
{
    /// <summary>
    /// Streams the recorded analyses back into a <see cref="PatternTally"/> (each session once), collects the model
    /// findings, and asks the synthesizer for drafts against the store as loaded. Null when the dream stopped running.
    /// </summary>
    private async Task<(SynthesisResult Result, IReadOnlyList<DreamEffect> Effects)?> SynthesizeAsync(Dream dream, DreamHold? hold, IReadOnlyList<StoreFile> store, IProgress<DreamProgress>? progress, CancellationToken cancellationToken)
    {
        dream = await UpdateIfRunningAsync(dream.Id, hold, (_, d) => d with { Progress = d.Progress with { Stage = "synthesizing" } }, cancellationToken).ConfigureAwait(false);
        if (dream.Status != DreamStatus.Running)
        {
            return null;
        }

        progress?.Report(dream.Progress);
        var tally = new PatternTally();
        var effects = new EffectTally(await AppliedEarlierAsync(dream, cancellationToken).ConfigureAwait(false));
        var findings = new List<ModelFinding>();
        var after = -1;
        while (true)
        {
            var rows = await _storage.ListDreamSessionsAsync(dream.Id, DreamSessionState.Analyzed, after, AnalysesPerPage, cancellationToken).ConfigureAwait(false);
            foreach (var row in rows)
            {
                var analysis = DreamJson.Read<SessionAnalysisRecord>(row.Analysis!);
                tally.Add(row.SessionId, analysis.Signals, analysis.Facts);
                effects.Add(analysis);
                if (row.Findings is { } recorded)
                {
                    findings.AddRange(DreamJson.Read<ModelFindingsRecord>(recorded).Findings);
                }
            }

            if (rows.Count < AnalysesPerPage)
            {
                break;
            }

            after = rows[^1].Ordinal;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var prior = await PriorAsync(dream, cancellationToken).ConfigureAwait(false);
        var result = _options.Synthesizer.Synthesize(new SynthesisInput(tally.Patterns(), tally.SessionsRead, findings, store, dream.Instructions, _time.UtcNowMicroseconds())
        {
            Projects = tally.Projects,
            Prior = prior,
        });
        return (result, effects.Effects());
    }
}
