namespace Engram.Dreaming.Findings;

/// <summary>When a recovered failure becomes a finding, and where its line goes.</summary>
/// <param name="MinSessions">Sessions that must show it.</param>
/// <param name="MinSharePercent">Percent of the sessions read that must show it.</param>
/// <param name="TargetPath">The memory file the proposed line is for.</param>
public sealed record RecoveredFailureOptions(
    int MinSessions = RecoveredFailureOptions.DefaultMinSessions,
    int MinSharePercent = RecoveredFailureOptions.DefaultMinSharePercent,
    string TargetPath = RecoveredFailureOptions.DefaultTargetPath)
{
    /// <summary>Three sessions: one is an accident and two a coincidence; a third is a habit of the environment.</summary>
    public const int DefaultMinSessions = 3;

    /// <summary>One session in ten: in a large fleet a handful of sessions is noise, and memory every agent reads must earn its place.</summary>
    public const int DefaultMinSharePercent = 10;

    /// <summary>Facts about the machines agents run on belong with the organization's environment notes.</summary>
    public const string DefaultTargetPath = "/org/environment.md";
}
