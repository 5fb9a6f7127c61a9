using System.Text;
using Engram.Dreaming.Analysis;
using Engram.Dreaming.Signals;

namespace Engram.Dreaming.Model;

internal static partial class AnalysisPrompt
{
    /// <summary>
    /// The events around each signal (a memory access alone needs none), windows merged, at most
    /// <see cref="ModelAnalyzerOptions.MaxExcerptEventsPerSession"/> events; gaps are marked so the model knows
    /// what it can fetch with read_events.
    /// </summary>
    private static async Task AppendExcerptsAsync(StringBuilder prompt, SessionDigest session, IReadOnlyList<Signal> signals, AnalysisBatch batch, CancellationToken cancellationToken)
    {
        var windows = Windows(signals, session.EventCount, batch.Options);
        var budget = batch.Options.MaxExcerptEventsPerSession;
        long next = 0;
        foreach (var (from, to) in windows)
        {
            if (budget == 0)
            {
                break;
            }

            var count = (int)Math.Min(to - from + 1, budget);
            var events = await batch.ReadEventsAsync(session.SessionId, from, count, cancellationToken).ConfigureAwait(false);
            if (from > next)
            {
                prompt.Append("… events ").Append(next).Append('-').Append(from - 1).Append(" not shown\n");
            }

            foreach (var stored in events)
            {
                EventLines.Append(prompt, stored, batch);
            }

            budget -= count;
            next = from + count;
        }

        if (next < session.EventCount)
        {
            prompt.Append("… events ").Append(next).Append('-').Append(session.EventCount - 1).Append(" not shown\n");
        }
    }

    /// <summary>Event ranges around the signals, sorted and merged.</summary>
    private static List<(long From, long To)> Windows(IReadOnlyList<Signal> signals, long eventCount, ModelAnalyzerOptions options)
    {
        var around = options.ContextEvents;
        var ranges = new List<(long From, long To)>();
        foreach (var signal in signals)
        {
            switch (signal)
            {
                case MemoryAccessSignal:
                    break;
                case RecoveredRetrySignal retry:
                    ranges.Add((Math.Min(retry.FailureIndex, retry.EventIndex) - around, Math.Max(retry.FailureIndex, retry.EventIndex) + around));
                    break;
                case RepeatedCallSignal repeat:
                    ranges.Add((repeat.EventIndex - around, repeat.EventIndex + around));
                    ranges.Add((repeat.LastIndex - around, repeat.LastIndex + around));
                    break;
                default:
                    ranges.Add((signal.EventIndex - around, signal.EventIndex + around));
                    break;
            }
        }

        var merged = new List<(long From, long To)>();
        foreach (var (from, to) in ranges.Select(r => (Math.Max(0, r.From), Math.Min(eventCount - 1, r.To))).Where(r => r.Item1 <= r.Item2).OrderBy(r => r.Item1))
        {
            if (merged.Count > 0 && from <= merged[^1].To + 1)
            {
                merged[^1] = (merged[^1].From, Math.Max(merged[^1].To, to));
            }
            else
            {
                merged.Add((from, to));
            }
        }

        return merged;
    }
}
