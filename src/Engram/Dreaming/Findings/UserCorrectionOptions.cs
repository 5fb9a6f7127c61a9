namespace Engram.Dreaming.Findings;

/// <summary>When a repeated user correction becomes a finding, and where its line goes.</summary>
/// <param name="MinAgents">Distinct agents that must have been corrected the same way.</param>
/// <param name="MinSessions">Sessions that must show the correction.</param>
/// <param name="TargetPath">The shared memory file the proposed line is for.</param>
/// <param name="AgentPath">The memory file of a correction fewer agents got; <c>{agent}</c> is replaced by the agent's name.</param>
internal sealed record UserCorrectionOptions(
    int MinAgents = UserCorrectionOptions.DefaultMinAgents,
    int MinSessions = UserCorrectionOptions.DefaultMinSessions,
    string TargetPath = UserCorrectionOptions.DefaultTargetPath,
    string AgentPath = UserCorrectionOptions.DefaultAgentPath)
{
    /// <summary>A correction one agent keeps getting is that agent's to remember.</summary>
    public const string DefaultAgentPath = "/agents/{agent}/notes.md";

    /// <summary>Two agents: a correction one agent keeps needing belongs in its own notes; across agents it is a convention for shared memory.</summary>
    public const int DefaultMinAgents = 2;

    /// <summary>Three sessions: one is a user's mood and two a coincidence; a third is how the organization works.</summary>
    public const int DefaultMinSessions = 3;

    /// <summary>Conventions every agent of the organization should follow.</summary>
    public const string DefaultTargetPath = "/org/conventions.md";
}
