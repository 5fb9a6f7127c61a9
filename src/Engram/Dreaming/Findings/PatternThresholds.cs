namespace Engram.Dreaming.Findings;

/// <summary>
/// When a counted pattern is widespread enough to propose, the same way for a fleet of 20 sessions and of 20,000:
/// it must be seen in at least <see cref="MinSessions"/> sessions, and its share of the sessions read must be
/// meaningful for its kind, judged by the lower end of its 95% Wilson interval so that a small fleet's 3 of 20 and a
/// large fleet's 300 of 20,000 are weighed by what they show, not by their raw ratio.
/// </summary>
/// <param name="MinSessions">Sessions a pattern needs; one is an accident, two a coincidence.</param>
/// <param name="EnvironmentShare">The share of sessions an environment fact must affect, at least (its Wilson lower bound).</param>
/// <param name="HabitShare">The share of sessions an agent habit or a harness's feedback must show, at least.</param>
internal sealed record PatternThresholds(
    int MinSessions = PatternThresholds.DefaultMinSessions,
    double EnvironmentShare = PatternThresholds.DefaultEnvironmentShare,
    double HabitShare = PatternThresholds.DefaultHabitShare)
{
    /// <summary>Three sessions: one is an accident and two a coincidence; a third is a habit of the environment.</summary>
    public const int DefaultMinSessions = 3;

    /// <summary>One session in a hundred: an environment fact costs every agent one line and saves each that would hit it.</summary>
    public const double DefaultEnvironmentShare = 0.01;

    /// <summary>Two in a hundred: a habit line asks every session of an agent to behave differently, so it must be common.</summary>
    public const double DefaultHabitShare = 0.02;

    /// <summary>The z of a two-sided 95% interval.</summary>
    private const double Z = 1.96;

    /// <summary>Why <paramref name="prevalence"/> falls short of the thresholds for a share of <paramref name="share"/>, or null when it passes.</summary>
    public string? Shortfall(Prevalence prevalence, double share)
    {
        ArgumentNullException.ThrowIfNull(prevalence);
        if (prevalence.Sessions < MinSessions)
        {
            return $"seen in {Count(prevalence.Sessions)}; a pattern needs {MinSessions}";
        }

        var lower = WilsonLower(prevalence.Sessions, prevalence.SessionsRead);
        return lower < share
            ? $"{prevalence.Sessions} of {prevalence.SessionsRead} sessions is too rare to be sure it affects {share:P0} of sessions (95% lower bound {lower:P1})"
            : null;
    }

    /// <summary>The lower end of the 95% Wilson score interval of <paramref name="hits"/> in <paramref name="trials"/>; 0 for no trials.</summary>
    public static double WilsonLower(int hits, int trials)
    {
        if (trials <= 0)
        {
            return 0;
        }

        var p = (double)hits / trials;
        var z2 = Z * Z;
        var centre = p + (z2 / (2 * trials));
        var spread = Z * Math.Sqrt((p * (1 - p) / trials) + (z2 / (4.0 * trials * trials)));
        return Math.Max(0, (centre - spread) / (1 + (z2 / trials)));
    }

    /// <summary>Throws naming the first threshold out of range.</summary>
    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MinSessions, 1, nameof(MinSessions));
        if (EnvironmentShare is < 0 or > 1 || double.IsNaN(EnvironmentShare))
        {
            throw new ArgumentOutOfRangeException(nameof(EnvironmentShare), EnvironmentShare, "must be from 0 to 1");
        }

        if (HabitShare is < 0 or > 1 || double.IsNaN(HabitShare))
        {
            throw new ArgumentOutOfRangeException(nameof(HabitShare), HabitShare, "must be from 0 to 1");
        }
    }

    private static string Count(int sessions) => sessions == 1 ? "1 session" : $"{sessions} sessions";
}
