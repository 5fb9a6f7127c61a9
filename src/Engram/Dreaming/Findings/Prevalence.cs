namespace Engram.Dreaming.Findings;

/// <summary>How widespread a pattern is among the sessions read.</summary>
/// <param name="Sessions">Sessions that showed it at least once.</param>
/// <param name="SessionsRead">Sessions read in all, with or without it.</param>
/// <param name="Agents">The distinct agents of those sessions, sorted ordinally.</param>
/// <param name="FirstSeen">The earliest start time among those sessions, when any was given.</param>
/// <param name="LastSeen">The latest start time among those sessions, when any was given.</param>
public sealed record Prevalence(int Sessions, int SessionsRead, IReadOnlyList<string> Agents, DateTimeOffset? FirstSeen, DateTimeOffset? LastSeen)
{
    /// <summary>At least <paramref name="percent"/>% of the sessions read, in integers so 2 of 20 is exactly 10%.</summary>
    public bool AtLeastPercent(int percent) => (long)Sessions * 100 >= (long)percent * SessionsRead;
}
