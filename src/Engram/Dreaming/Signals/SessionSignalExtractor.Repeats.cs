namespace Engram.Dreaming.Signals;

internal sealed partial class SessionSignalExtractor
{
    /// <summary>Identical calls that make a loop: twice is a retry, three times is a habit worth a look.</summary>
    internal const int RepeatThreshold = 3;

    /// <summary>Tool uses between two identical calls for them to belong to one run; also bounds the runs kept.</summary>
    internal const int RepeatWindow = 20;

    private readonly Dictionary<string, RepeatRun> _repeats = new(StringComparer.Ordinal);

    private void CountRepeat(long index, string lane, ToolCall call, bool offPath)
    {
        FlushRepeats(run => _toolUses - run.LastOrdinal > RepeatWindow);
        var key = $"{lane}|{call.Tool}|{call.InputHash}";
        if (_repeats.TryGetValue(key, out var run))
        {
            _repeats[key] = run with { Count = run.Count + 1, LastIndex = index, LastOrdinal = _toolUses };
        }
        else
        {
            _repeats.Add(key, new RepeatRun(lane, call.Tool, call.Summary, call.InputHash, offPath, index, index, _toolUses, 1));
        }
    }

    private void FlushRepeats(Func<RepeatRun, bool> ended)
    {
        foreach (var (key, run) in _repeats.Where(pair => ended(pair.Value)).ToList())
        {
            _repeats.Remove(key);
            if (run.Count >= RepeatThreshold)
            {
                _signals.Add(new RepeatedCallSignal(sessionId, agent, run.FirstIndex, run.OffPath, run.Tool, run.Input, run.Hash, run.Count, run.LastIndex));
            }
        }
    }

    private sealed record RepeatRun(string Lane, string Tool, string Input, string Hash, bool OffPath, long FirstIndex, long LastIndex, long LastOrdinal, int Count);
}
