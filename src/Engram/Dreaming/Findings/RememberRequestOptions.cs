namespace Engram.Dreaming.Findings;

/// <summary>When a remember request becomes a finding, and where its line goes.</summary>
/// <param name="MinSessions">Sessions that must show the request.</param>
/// <param name="AgentPath">The memory file for a request made to one agent; <c>{agent}</c> is replaced by the agent's name.</param>
/// <param name="SharedPath">The shared memory file for a request made to several agents.</param>
/// <param name="WriteWindow">Events after the request within which a memory write by the agent counts as the agent having remembered it.</param>
internal sealed record RememberRequestOptions(
    int MinSessions = RememberRequestOptions.DefaultMinSessions,
    string AgentPath = RememberRequestOptions.DefaultAgentPath,
    string SharedPath = RememberRequestOptions.DefaultSharedPath,
    int WriteWindow = RememberRequestOptions.DefaultWriteWindow)
{
    /// <summary>One session: the user asked in so many words, which no count of sessions could make clearer.</summary>
    public const int DefaultMinSessions = 1;

    /// <summary>A request made to one agent is that agent's to keep.</summary>
    public const string DefaultAgentPath = "/agents/{agent}/notes.md";

    /// <summary>The same request made to several agents is a convention.</summary>
    public const string DefaultSharedPath = UserCorrectionOptions.DefaultTargetPath;

    /// <summary>An agent that remembers does so in its next few steps (a call and its result are two events).</summary>
    public const int DefaultWriteWindow = 20;
}
