using System.Text.Json;
using System.Text.RegularExpressions;

namespace Engram.Sessions.Formats;

/// <summary>
/// mini-swe-agent trajectories (<c>*.traj.json</c>): <c>{info: {exit_status, submission, model_stats, mini_version,
/// config: {agent, model, environment}}, messages: [...], trajectory_format: "mini-swe-agent-1", instance_id}</c>.
/// The harness speaks in the user role: it answers each command with <c>&lt;returncode&gt;N&lt;/returncode&gt;</c>
/// and the output, a reply without exactly one action with a format error, a command that ran too long with a
/// timeout message. Those become tool results (with the exit code) and <see cref="TranscriptEventKind.Feedback"/>,
/// never a person's messages. The run's own templates (in <c>info.config</c>) say how this harness words them;
/// the shapes of mini-swe-agent's defaults are the fallback. Version 2 runs (<c>mini-swe-agent-1.1</c>) are read
/// too: tool calls, <c>tool</c> messages, <c>extra.returncode</c>, and the closing <c>exit</c> message.
/// </summary>
/// <remarks>
/// Messages have no ids, so each event is keyed by the message's position (<c>m{n}</c>, and <c>m{n}:action</c>,
/// <c>m{n}:warning</c>, ... for the events one message gives). A command gets a synthetic tool-use id that pairs it
/// with its result. The file records no token counts (only cost and calls), so usage is left unknown.
/// </remarks>
internal sealed partial class MiniSweAgentFormat : ITranscriptFormat
{
    private static readonly string[] ArrayProperties = ["messages"];

    /// <inheritdoc/>
    public string Name => "mini-swe-agent";

    /// <inheritdoc/>
    public bool Recognizes(TranscriptSample sample) => IsTrajectory(sample);

    /// <inheritdoc/>
    /// <remarks>The model: every run of mini-swe-agent is the same harness, and a fleet's agents differ by model.</remarks>
    public string? AgentOf(TranscriptMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return AgentNames.FromModel(metadata.Model);
    }

    /// <summary>
    /// True for a JSON object that names itself a mini-swe-agent trajectory (<c>trajectory_format</c>, which is
    /// written at the end, after the run's record, so it is looked for in the file's tail too) or whose <c>info</c>
    /// carries mini-swe-agent's own fields (<c>mini_version</c>, or a <c>config.agent</c> beside a <c>messages</c> array).
    /// </summary>
    internal static bool IsTrajectory(TranscriptSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        if (JsonOutline.Of(sample.Head) is not { } outline)
        {
            return false;
        }

        if (outline.Value("trajectory_format") is { } tag)
        {
            return tag.StartsWith(FormatTagPrefix, StringComparison.Ordinal);
        }

        return FormatTag().IsMatch(sample.Tail) || outline.Has("info/mini_version") || (outline.Has("info/config/agent") && outline.Has("messages"));
    }

    /// <inheritdoc/>
    public async Task<TranscriptReadResult> ReadAsync(string path, Func<TranscriptEvent, ValueTask> onEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onEvent);
        var reading = new Reading(path);
        await foreach (var record in JsonDocuments.ReadAsync(path, ArrayProperties, cancellationToken).ConfigureAwait(false))
        {
            switch (record.Kind)
            {
                case JsonRecordKind.Skipped:
                    reading.Skipped.Add(new SkippedRecord(path, record.Line, record.Reason!));
                    continue;
                case JsonRecordKind.Property:
                    reading.Property(record.Name!, record.Value);
                    continue;
                default:
                    reading.Message(record);
                    break;
            }

            await reading.FlushAsync(onEvent).ConfigureAwait(false);
        }

        reading.End();
        await reading.FlushAsync(onEvent).ConfigureAwait(false);
        return reading.Result();
    }

    /// <summary>How trajectories tag their format (<c>mini-swe-agent-1</c>, <c>mini-swe-agent-1.1</c>).</summary>
    private const string FormatTagPrefix = "mini-swe-agent";

    [GeneratedRegex(@"(?<!\\)""trajectory_format""\s*:\s*""mini-swe-agent", RegexOptions.CultureInvariant)]
    private static partial Regex FormatTag();

    /// <summary>A string property of an object property (<c>extra.exit_status</c>), or null.</summary>
    private static string? Nested(JsonElement element, string outer, string inner) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetField(outer, out var nested) ? ContentBlocks.String(nested, inner) : null;
}
