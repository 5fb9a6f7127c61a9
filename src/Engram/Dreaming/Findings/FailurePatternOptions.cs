namespace Engram.Dreaming.Findings;

/// <summary>When a failure pattern becomes a finding, where its line goes, and when it is scoped to the projects it happens in.</summary>
internal sealed record FailurePatternOptions
{
    /// <summary>Facts about the machines agents run on belong with the organization's environment notes.</summary>
    public const string DefaultEnvironmentPath = "/org/environment.md";

    /// <summary>A habit of one agent is that agent's to fix; <c>{agent}</c> is replaced by its name.</summary>
    public const string DefaultAgentPath = "/agents/{agent}/notes.md";

    /// <summary>A habit several agents share is how the organization's agents should work.</summary>
    public const string DefaultSharedPath = "/org/conventions.md";

    /// <summary>Sessions a way past a failure needs before a memory line recommends it: one session's workaround is an anecdote.</summary>
    public const int DefaultMinAlternativeSessions = 2;

    /// <summary>Share of a failure's sessions that must lie in its scope's projects for the line to name them: most, not all (a stray session elsewhere does not unscope it).</summary>
    public const double DefaultScopeCoverage = 0.8;

    /// <summary>Share of a scope project's own sessions that must show the failure: it is typical there, not a one-off.</summary>
    public const double DefaultScopeRate = 0.25;

    /// <summary>Projects a line may name: more than two is no scope, it is the fleet.</summary>
    public const int DefaultMaxScopeProjects = 2;

    /// <summary>How many sessions and what share a pattern needs.</summary>
    public PatternThresholds Thresholds { get; init; } = new();

    /// <summary>The memory file environment facts go to.</summary>
    public string EnvironmentPath { get; init; } = DefaultEnvironmentPath;

    /// <summary>The memory file of one agent's habits; <c>{agent}</c> is replaced by its name.</summary>
    public string AgentPath { get; init; } = DefaultAgentPath;

    /// <summary>The memory file of habits several agents share.</summary>
    public string SharedPath { get; init; } = DefaultSharedPath;

    /// <summary>Sessions a way past a failure needs before a line recommends it.</summary>
    public int MinAlternativeSessions { get; init; } = DefaultMinAlternativeSessions;

    /// <summary>Share of a failure's sessions its scope projects must hold.</summary>
    public double ScopeCoverage { get; init; } = DefaultScopeCoverage;

    /// <summary>Share of each scope project's sessions that must show the failure.</summary>
    public double ScopeRate { get; init; } = DefaultScopeRate;

    /// <summary>Projects a line may name.</summary>
    public int MaxScopeProjects { get; init; } = DefaultMaxScopeProjects;

    /// <summary>The file a habit of <paramref name="agents"/> goes to: the one agent's notes, else the shared conventions.</summary>
    internal string HabitPath(IReadOnlyList<string> agents) =>
        agents.Count == 1 && AgentPath.Replace("{agent}", agents[0], StringComparison.Ordinal) is { } own && Memories.MemoryPath.IsValid(own) ? own : SharedPath;

    /// <summary>Throws naming the first option out of range.</summary>
    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Thresholds);
        Thresholds.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(MinAlternativeSessions, 1, nameof(MinAlternativeSessions));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxScopeProjects, 1, nameof(MaxScopeProjects));
        foreach (var (name, path) in new[] { (nameof(EnvironmentPath), EnvironmentPath), (nameof(SharedPath), SharedPath) })
        {
            if (!Memories.MemoryPath.IsValid(path))
            {
                throw new ArgumentException($"{name} \"{path}\" is not a memory path", name);
            }
        }
    }
}
