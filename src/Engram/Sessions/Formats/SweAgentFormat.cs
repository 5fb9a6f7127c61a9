using System.Text.Json;

namespace Engram.Sessions.Formats;

/// <summary>
/// SWE-agent trajectories (<c>*.traj</c>): <c>{environment, trajectory: [{action, observation, response, thought,
/// state, ...}], history: [{role, content, agent, is_demo?, message_type?, thought?, action?, tool_calls?,
/// tool_call_ids?}], info: {exit_status, submission, model_stats}, replay_config?}</c>. The history is the
/// conversation the agent kept and is read when present; the trajectory is the record of every step, including
/// replies the harness refused and asked again for (version 1 keeps those out of the history), and is the
/// conversation when a file has no history. SWE-agent has no exit codes: its own refusals of a call (the edit
/// linter, the shell syntax check, a blocked or timed-out command) are that call's failure; its answers to a
/// malformed reply are <see cref="TranscriptEventKind.Feedback"/>. Demonstrations (<c>is_demo</c>) are kept as
/// off-path markers: the agent was shown them, but nothing in them happened in this run.
/// </summary>
/// <remarks>
/// SWE-agent writes the trajectory, the history and the run's configuration (<c>replay_config</c>, last in version
/// 1) in an order that varies by version, and reading one needs the others (the configuration says how the harness
/// words its messages; the trajectory holds what the history left out), so both arrays are kept until the file
/// ends, in a compact form: strings only, and without the copy of the whole conversation that version 1 stores in
/// every step. A trajectory file records one run, so this is bounded by the run, never by a directory of them.
/// </remarks>
internal sealed partial class SweAgentFormat : ITranscriptFormat
{
    private static readonly string[] ArrayProperties = ["trajectory", "history"];

    /// <inheritdoc/>
    public string Name => "swe-agent";

    /// <inheritdoc/>
    public bool Recognizes(TranscriptSample sample) => IsTrajectory(sample);

    /// <inheritdoc/>
    /// <remarks>The model: SWE-agent is one harness over many models, and a fleet's agents differ by model.</remarks>
    public string? AgentOf(TranscriptMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return AgentNames.FromModel(metadata.Model);
    }

    /// <summary>
    /// True for a JSON object whose <c>trajectory</c> steps carry SWE-agent's <c>action</c> with an <c>observation</c>
    /// (or <c>thought</c>, <c>response</c>), or whose <c>history</c> messages carry SWE-agent's <c>agent</c>,
    /// <c>message_type</c> or <c>is_demo</c> beside their <c>role</c>.
    /// </summary>
    internal static bool IsTrajectory(TranscriptSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        if (JsonOutline.Of(sample.Head) is not { } outline || outline.Has("messages") || outline.Has("trajectory_format"))
        {
            return false;
        }

        var steps = outline.Has("trajectory/0/action")
            && (outline.Has("trajectory/0/observation") || outline.Has("trajectory/0/thought") || outline.Has("trajectory/0/response"));
        var history = outline.Has("history/0/role")
            && (outline.Has("history/0/agent") || outline.Has("history/0/message_type") || outline.Has("history/0/is_demo"));
        return steps || history;
    }

    /// <inheritdoc/>
    public async Task<TranscriptReadResult> ReadAsync(string path, Func<TranscriptEvent, ValueTask> onEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onEvent);
        var run = new Run(path);
        var skipped = new List<SkippedRecord>();
        var history = new List<HistoryMessage>();
        var steps = new List<Step>();
        await foreach (var record in JsonDocuments.ReadAsync(path, ArrayProperties, cancellationToken).ConfigureAwait(false))
        {
            switch (record.Kind)
            {
                case JsonRecordKind.Skipped:
                    skipped.Add(new SkippedRecord(path, record.Line, record.Reason!));
                    break;
                case JsonRecordKind.Property:
                    run.Property(record.Name!, record.Value);
                    break;
                case JsonRecordKind.Element when record.Name == "history":
                    history.Add(HistoryMessage.Of(record.Value, record.Raw, history.Count + 1));
                    break;
                case JsonRecordKind.Element when record.Name == "trajectory":
                    steps.Add(Step.Of(record.Value, steps.Count + 1));
                    break;
                default:
                    skipped.Add(new SkippedRecord(path, record.Line, "not a trajectory step or history message"));
                    break;
            }
        }

        var conversation = new Conversation(run, steps);
        var events = history.Count > 0 ? conversation.FromHistory(history) : conversation.FromTrajectory();
        var count = 0L;
        foreach (var normalized in events)
        {
            count++;
            await onEvent(normalized).ConfigureAwait(false);
        }

        return new TranscriptReadResult(run.Metadata(), skipped, count);
    }
}
