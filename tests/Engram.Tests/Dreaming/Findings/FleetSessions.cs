using Engram.Dreaming.Findings;
using Engram.Dreaming.Signals;
using Engram.Tests.Dreaming.Signals;

namespace Engram.Tests.Dreaming.Findings;

/// <summary>Constructed fleets of sessions whose patterns are known, tallied through the real signal extraction.</summary>
internal static class FleetSessions
{
    public const int FleetSize = 20;

    /// <summary>The 1-based session numbers where <c>pytest</c> fails and <c>python -m pytest</c> then works.</summary>
    public static readonly int[] PytestSessions = [2, 5, 6, 9, 13, 17, 20];

    public static readonly DateTimeOffset Start = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    public static string Id(int number) => $"sesn_{number:D2}";

    public static (string Id, string Agent, IReadOnlyList<Signal> Signals) Session(int number, IReadOnlySet<int> pytestFails, IReadOnlyDictionary<int, (string Agent, string Correction)>? corrections = null)
    {
        var id = Id(number);
        var agent = $"agent{number % 3}";
        var events = new SignalEvents(id).User("run the tests");
        if (pytestFails.Contains(number))
        {
            // Paths and numbers vary between sessions; the template does not.
            events.Bash($"cd /srv/repo{number} && pytest tests/unit -q", $"Exit code 127\n/usr/bin/bash: line {number}: pytest: command not found", isError: true)
                .Bash($"cd /srv/repo{number} && python -m pytest tests/unit -q", $"{number} passed in 0.{number}s");
        }
        else
        {
            events.Bash($"cd /srv/repo{number} && make test", $"{number} passed");
        }

        if (corrections is not null && corrections.TryGetValue(number, out var correction))
        {
            agent = correction.Agent;
            events.Agent("Done.").User(correction.Correction);
        }

        return (id, agent, SessionSignals.Extract(id, agent, events.Events));
    }

    public static PatternTally Tally(IEnumerable<int> order, IReadOnlySet<int> pytestFails, IReadOnlyDictionary<int, (string Agent, string Correction)>? corrections = null)
    {
        var tally = new PatternTally();
        foreach (var number in order)
        {
            var (id, _, signals) = Session(number, pytestFails, corrections);
            tally.Add(id, signals, Start.AddHours(number));
        }

        return tally;
    }

    public static IEnumerable<int> Forward => Enumerable.Range(1, FleetSize);
}
