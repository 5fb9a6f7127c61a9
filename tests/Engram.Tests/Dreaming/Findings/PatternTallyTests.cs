using Engram.Dreaming.Findings;
using Engram.Dreaming.Signals;
using Engram.Tests.Dreaming.Signals;

namespace Engram.Tests.Dreaming.Findings;

public sealed class PatternTallyTests
{
    private static IReadOnlyList<Signal> Failing(string session, int times)
    {
        var events = new SignalEvents(session);
        for (var i = 0; i < times; i++)
        {
            events.Bash($"pytest -k case{i}", $"/bin/bash: line {i}: pytest: command not found", isError: true).Agent("hmm");
        }

        // Only the failures: the program-run signal of the same runs would be a second pattern.
        return [.. SessionSignals.Extract(session, "coder", events.Events).OfType<ToolFailureSignal>()];
    }

    [Fact]
    public void A_signature_repeated_in_one_session_counts_once_at_its_first_event()
    {
        var tally = new PatternTally();
        tally.Add("sesn_a", Failing("sesn_a", 3));

        var pattern = Assert.Single(tally.Patterns());
        Assert.Equal((1, 1), (pattern.Prevalence.Sessions, pattern.Prevalence.SessionsRead));
        Assert.Equal(1L, Assert.Single(pattern.Evidence).EventIndex);
    }

    [Fact]
    public void Sessions_without_the_signal_count_as_read()
    {
        var tally = new PatternTally();
        tally.Add("sesn_a", Failing("sesn_a", 1));
        tally.Add("sesn_b", []);
        tally.Add("sesn_c", []);

        Assert.Equal((1, 3), (tally.Patterns()[0].Prevalence.Sessions, tally.Patterns()[0].Prevalence.SessionsRead));
    }

    [Fact]
    public void Evidence_is_capped_and_keeps_the_earliest_sessions_whatever_the_feeding_order()
    {
        var count = PatternTally.MaxEvidencePerPattern + 5;
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var forward = new PatternTally();
        var reverse = new PatternTally();
        for (var i = 0; i < count; i++)
        {
            forward.Add($"sesn_{i:D2}", Failing($"sesn_{i:D2}", 1), start.AddDays(i));
            var j = count - 1 - i;
            reverse.Add($"sesn_{j:D2}", Failing($"sesn_{j:D2}", 1), start.AddDays(j));
        }

        var pattern = Assert.Single(forward.Patterns());
        Assert.Equal(count, pattern.Prevalence.Sessions);
        Assert.Equal(Enumerable.Range(0, PatternTally.MaxEvidencePerPattern).Select(i => $"sesn_{i:D2}"), pattern.Evidence.Select(e => e.SessionId));
        Assert.Equal(pattern.Evidence, Assert.Single(reverse.Patterns()).Evidence);
        Assert.Equal((start, start.AddDays(count - 1)), (pattern.Prevalence.FirstSeen, pattern.Prevalence.LastSeen));
    }

    [Fact]
    public void Sessions_with_a_start_time_come_before_sessions_without_one()
    {
        var tally = new PatternTally();
        tally.Add("sesn_a", Failing("sesn_a", 1));
        tally.Add("sesn_z", Failing("sesn_z", 1), new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal(["sesn_z", "sesn_a"], tally.Patterns()[0].Evidence.Select(e => e.SessionId));
    }
}
