namespace Engram.Dreaming.Signals;

/// <summary>
/// The harness answered the agent in its own words (a reply in the wrong format, output cut for length, an action
/// refused): a signal about the agent, whatever role the transcript gave the message. The same template across
/// sessions is a habit worth a line in that agent's notes.
/// </summary>
/// <param name="SessionId">The session.</param>
/// <param name="Agent">The agent that ran it.</param>
/// <param name="EventIndex">The feedback event.</param>
/// <param name="OffPath">On a rewound branch or in a sub-agent.</param>
/// <param name="Template">The feedback's first line reduced to a template.</param>
/// <param name="Quote">That line as the event has it (masked, bounded).</param>
/// <param name="Guidance">The feedback's instructions to the agent, in its own words, with no part that varies between messages; empty when it gives none.</param>
internal sealed record FeedbackSignal(string SessionId, string Agent, long EventIndex, bool OffPath, ErrorTemplate Template, string Quote, string Guidance)
    : Signal(SessionId, Agent, EventIndex, OffPath)
{
    /// <summary>What the feedback is about, in plain words (<see cref="FeedbackText.Topic"/>).</summary>
    public string Topic { get; init; } = "";

    /// <inheritdoc/>
    public override string Signature => $"feedback|{Template.Id}";
}
