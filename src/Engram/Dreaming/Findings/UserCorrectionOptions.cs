namespace Engram.Dreaming.Findings;

/// <summary>When a repeated user correction becomes a finding, and where its line goes.</summary>
/// <param name="MinAgents">Distinct agents that must have been corrected the same way.</param>
/// <param name="MinSessions">Sessions that must show the correction.</param>
/// <param name="TargetPath">The shared memory file the proposed line is for.</param>
public sealed record UserCorrectionOptions(
    int MinAgents = UserCorrectionOptions.DefaultMinAgents,
    int MinSessions = UserCorrectionOptions.DefaultMinSessions,
    string TargetPath = UserCorrectionOptions.DefaultTargetPath)
{
    /// <summary>Two agents: a correction one agent keeps needing belongs in its own memory; across agents it is a convention.</summary>
    public const int DefaultMinAgents = 2;

    /// <summary>Three sessions: one is a user's mood and two a coincidence; a third is how the organization works.</summary>
    public const int DefaultMinSessions = 3;

    /// <summary>Conventions every agent of the organization should follow.</summary>
    public const string DefaultTargetPath = "/org/conventions.md";
}
