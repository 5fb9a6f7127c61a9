using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Engram.Dreaming.Analysis;
using Engram.Dreaming.Signals;

namespace Engram.Dreaming.Dreams;

/// <summary>What the signal pass recorded for one session of a dream: enough to tally it again without reading its events.</summary>
/// <param name="Agent">The session's agent.</param>
/// <param name="StartedAt">When it started, when known.</param>
/// <param name="Events">Events read.</param>
/// <param name="Signals">Its signals.</param>
internal sealed record SessionAnalysisRecord(string Agent, DateTimeOffset? StartedAt, long Events, IReadOnlyList<Signal> Signals)
{
    /// <summary>When the session was recorded (imported): the time that stands in when its transcript has none.</summary>
    public DateTimeOffset? RecordedAt { get; init; }

    /// <summary>The project its transcript names, when it names one.</summary>
    public string? Project { get; init; }

    /// <summary>What the tally needs to know of the session besides its signals.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Findings.SessionFacts Facts => new(StartedAt, RecordedAt, Project);

    /// <summary>
    /// What a model sub-agent reads of the session: its signals without the program-run bookkeeping (which only
    /// counts counter examples), so a session with nothing but ordinary tool use costs no model tokens.
    /// </summary>
    public SessionDigest Digest(string sessionId) => new(sessionId, Agent, StartedAt, Events, [.. Noteworthy]);

    /// <summary>Signals worth a model's attention (<see cref="SessionSignals.Noteworthy"/>).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IEnumerable<Signal> Noteworthy => SessionSignals.Noteworthy(Signals);
}

/// <summary>What a model reported for one session; the batch's usage rides on the batch's first session, so it is counted once.</summary>
/// <param name="Findings">The session's findings.</param>
/// <param name="Usage">The batch's usage, on its first session only.</param>
internal sealed record ModelFindingsRecord(IReadOnlyList<ModelFinding> Findings, DreamUsage? Usage);

/// <summary>How a dream's records are stored: compact camelCase JSON.</summary>
internal static class DreamJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { LeaveOutSignatures } },
    };

    /// <summary>A signal's signature is derived from its fields, so it is not stored (a third of a record's size).</summary>
    private static void LeaveOutSignatures(JsonTypeInfo type)
    {
        if (type.Kind == JsonTypeInfoKind.Object && type.Type.IsAssignableTo(typeof(Signal)))
        {
            for (var i = type.Properties.Count - 1; i >= 0; i--)
            {
                if (type.Properties[i].Name == "signature")
                {
                    type.Properties.RemoveAt(i);
                }
            }
        }
    }

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)
        ?? throw new InvalidOperationException($"a recorded {typeof(T).Name} was empty");
}
