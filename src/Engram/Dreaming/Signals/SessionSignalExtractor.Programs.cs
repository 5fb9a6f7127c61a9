namespace Engram.Dreaming.Signals;

internal sealed partial class SessionSignalExtractor
{
    /// <summary>Distinct programs remembered per session: real sessions run a few dozen; later ones are not counted.</summary>
    internal const int MaxProgramsPerSession = 128;

    private readonly Dictionary<string, ProgramRun> _programs = new(StringComparer.Ordinal);

    // The first failure of a program decides its signal; before that, its first run does.
    private void CountProgramRun(long index, string? program, bool failed, bool offPath)
    {
        if (program is null || program.Length == 0)
        {
            return;
        }

        if (_programs.TryGetValue(program, out var run))
        {
            if (failed && !run.Failed)
            {
                _programs[program] = new ProgramRun(index, offPath, Failed: true);
            }
        }
        else if (_programs.Count < MaxProgramsPerSession)
        {
            _programs.Add(program, new ProgramRun(index, offPath, failed));
        }
    }

    private void FlushProgramRuns()
    {
        foreach (var (program, run) in _programs)
        {
            _signals.Add(new ProgramRunSignal(sessionId, agent, run.Index, run.OffPath, program, run.Failed));
        }

        _programs.Clear();
    }

    private sealed record ProgramRun(long Index, bool OffPath, bool Failed);
}
