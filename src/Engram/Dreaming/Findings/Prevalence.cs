namespace Engram.Dreaming.Findings;

/// <summary>How widespread a pattern is among the sessions read.</summary>
/// <param name="Sessions">Sessions that showed it at least once.</param>
/// <param name="SessionsRead">Sessions read in all, with or without it.</param>
/// <param name="Agents">The distinct agents of those sessions, sorted ordinally.</param>
/// <param name="FirstSeen">When it was first seen: see <see cref="SeenFrom"/> for what the time is.</param>
/// <param name="LastSeen">When it was last seen.</param>
public sealed record Prevalence(int Sessions, int SessionsRead, IReadOnlyList<string> Agents, DateTimeOffset? FirstSeen, DateTimeOffset? LastSeen)
{
    /// <summary>Signals counted in all, several per session when a session hit it again and again: the attempts spent on it.</summary>
    public int Occurrences { get; init; }

    /// <summary>What <see cref="FirstSeen"/> and <see cref="LastSeen"/> are the times of (<see cref="SeenTimes"/>).</summary>
    public string SeenFrom { get; init; } = SeenTimes.Events;

    /// <summary>At least <paramref name="percent"/>% of the sessions read, in integers so 2 of 20 is exactly 10%.</summary>
    public bool AtLeastPercent(int percent) => (long)Sessions * 100 >= (long)percent * SessionsRead;
}

/// <summary>What a pattern's first and last seen are the times of.</summary>
internal static class SeenTimes
{
    /// <summary>The events that show it (or the latest time the transcript gave before them).</summary>
    public const string Events = "events";

    /// <summary>The transcript gave no times near those events: the sessions' start times stand in.</summary>
    public const string SessionStart = "session_start";

    /// <summary>The transcripts have no times at all: the times the sessions were imported stand in.</summary>
    public const string Import = "import";
}
