using System.Security.Cryptography;
using System.Text;
using Engram.Dreaming.Analysis;
using Engram.Dreaming.Findings;
using Engram.Dreaming.Signals;
using Engram.Tests.Dreaming.Signals;

namespace Engram.Tests.Dreaming.Synthesis;

/// <summary>Constructed sessions run through the real signal extraction and tally, and the synthesizer's other inputs.</summary>
internal sealed class SynthesisFleet
{
    public static readonly DateTimeOffset Start = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset Now = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly SortedDictionary<int, (string Agent, SignalEvents Events)> _sessions = [];

    public static string Id(int number) => $"sesn_{number:D2}";

    /// <summary>Session <paramref name="number"/> (id <c>sesn_NN</c>, started NN hours after <see cref="Start"/>) run by <paramref name="agent"/>.</summary>
    public SynthesisFleet Session(int number, string agent, Func<SignalEvents, SignalEvents> script)
    {
        _sessions[number] = (agent, script(new SignalEvents(Id(number)).User("run the tests")));
        return this;
    }

    /// <summary>Sessions <paramref name="first"/> to <paramref name="last"/> that did nothing notable (they ran <c>make test</c>).</summary>
    public SynthesisFleet Quiet(int first, int last)
    {
        for (var number = first; number <= last; number++)
        {
            if (!_sessions.ContainsKey(number))
            {
                Session(number, $"agent{number % 3}", e => e.Bash($"cd /srv/repo{number} && make test", $"{number} passed"));
            }
        }

        return this;
    }

    /// <summary>The tally of every session, fed in <paramref name="order"/> of session numbers (ascending when null).</summary>
    public PatternTally Tally(IEnumerable<int>? order = null)
    {
        var tally = new PatternTally();
        foreach (var number in order ?? _sessions.Keys)
        {
            var (agent, events) = _sessions[number];
            tally.Add(Id(number), SessionSignals.Extract(Id(number), agent, events.Events), Start.AddHours(number));
        }

        return tally;
    }

    public IEnumerable<int> Numbers => _sessions.Keys;

    public static SynthesisInput Input(PatternTally tally, IReadOnlyList<StoreFile>? store = null, IReadOnlyList<ModelFinding>? findings = null, string? instructions = null) =>
        new(tally.Patterns(), tally.SessionsRead, findings ?? [], store ?? [], instructions, Now);

    public static StoreFile File(string memoryId, string path, string content) =>
        new(memoryId, path, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content))), content);

    /// <summary>Every field of the drafts, lists included, one draft a line: records with lists compare lists by reference.</summary>
    public static string Describe(IEnumerable<DraftProposal> drafts) => string.Join("\n", drafts.Select(d =>
        $"{d.Operation}|{d.Path}|{d.MemoryId}|{d.BaseSha256}|{d.NewPath}|{d.Content}|{d.Rationale}|{d.Origin.Kind}|{d.Origin.Signature}|{d.Origin.Title}|"
        + $"{d.Origin.Statistics.Sessions}/{d.Origin.Statistics.SessionsRead}|{string.Join(',', d.Origin.Statistics.Agents)}|{d.Origin.Statistics.FirstSeen}|{d.Origin.Statistics.LastSeen}|"
        + $"{d.Origin.Statistics.CounterExamples}|{string.Join(';', d.Origin.Evidence)}|{d.Origin.Untrusted}|{string.Join(';', d.Origin.Retires)}"));
}

/// <summary>Event scripts for constructed sessions.</summary>
internal static class SessionScripts
{
    public static SignalEvents PytestFails(this SignalEvents events, int number) =>
        events.Bash($"cd /srv/repo{number} && pytest tests/unit -q", $"Exit code 127\n/usr/bin/bash: line {number}: pytest: command not found", isError: true)
            .Bash($"cd /srv/repo{number} && python -m pytest tests/unit -q", $"{number} passed in 0.{number}s");

    public static SignalEvents PytestPasses(this SignalEvents events, int number) =>
        events.Bash($"cd /srv/repo{number} && pytest tests/unit -q", $"{number} passed in 0.{number}s");

    public static SignalEvents Corrected(this SignalEvents events, string correction) => events.Agent("Done.").User(correction);

    public static SignalEvents WritesMemory(this SignalEvents events, string path) =>
        events.Call("memory", new { command = "str_replace", path, old_str = "a", new_str = "b" }, "ok");
}
