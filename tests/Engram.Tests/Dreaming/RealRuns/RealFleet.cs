using Engram.Dreaming.Findings;
using Engram.Dreaming.Signals;
using Engram.Sessions;

namespace Engram.Tests.Dreaming.RealRuns;

/// <summary>
/// Five trimmed real mini-swe-agent runs (four sympy tasks, one pytest task; see Fixtures/mini-swe-agent/LICENSE), read
/// by the real format reader, their signals extracted and tallied as a dream does.
/// </summary>
internal sealed class RealFleet
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Dreaming", "Fixtures", "mini-swe-agent");

    private RealFleet(List<(string Id, string Agent, string? Project, List<StoredEvent> Events, IReadOnlyList<Signal> Signals)> sessions) => Sessions = sessions;

    public IReadOnlyList<(string Id, string Agent, string? Project, List<StoredEvent> Events, IReadOnlyList<Signal> Signals)> Sessions { get; }

    public static async Task<RealFleet> LoadAsync()
    {
        var format = TranscriptFormats.Named("mini-swe-agent")!;
        var sessions = new List<(string, string, string?, List<StoredEvent>, IReadOnlyList<Signal>)>();
        foreach (var (file, i) in Directory.GetFiles(Folder, "*.traj.json").Order(StringComparer.Ordinal).Select((f, i) => (f, i)))
        {
            var id = $"sesn_{i:D2}";
            var events = new List<StoredEvent>();
            var result = await format.ReadAsync(file, e =>
            {
                events.Add(new StoredEvent(id, events.Count, e));
                return ValueTask.CompletedTask;
            }, CancellationToken.None);
            var agent = AgentNames.FromModel(result.Metadata.Model) ?? "mini-swe-agent";
            sessions.Add((id, agent, result.Metadata.Project, events, SessionSignals.Extract(id, agent, events)));
        }

        return new RealFleet(sessions);
    }

    public PatternTally Tally()
    {
        var tally = new PatternTally();
        foreach (var (id, _, project, _, signals) in Sessions)
        {
            tally.Add(id, signals, new SessionFacts(Project: project));
        }

        return tally;
    }

    public StoredEvent Event(string sessionId, long index) => Sessions.Single(s => s.Id == sessionId).Events[(int)index];

    public IEnumerable<Signal> Signals => Sessions.SelectMany(s => s.Signals);
}
