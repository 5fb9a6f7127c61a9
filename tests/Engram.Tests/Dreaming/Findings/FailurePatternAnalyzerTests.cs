using Engram.Dreaming.Findings;
using static Engram.Tests.Dreaming.Findings.FleetSessions;

namespace Engram.Tests.Dreaming.Findings;

public sealed class FailurePatternAnalyzerTests
{
    private static IReadOnlyList<Finding> Analyze(IEnumerable<int> order, IReadOnlySet<int> fails, FailurePatternOptions? options = null, PatternLedger? ledger = null)
    {
        var tally = Tally(order, fails);
        return new FailurePatternAnalyzer(options).Analyze(tally.Patterns(), tally.Projects, ledger ?? new PatternLedger());
    }

    [Fact]
    public void A_missing_program_in_7_of_20_sessions_is_an_environment_fact_with_what_worked_instead()
    {
        var finding = Assert.Single(Analyze(Forward, PytestSessions.ToHashSet()));

        Assert.Equal(FindingKind.EnvironmentFact, finding.Kind);
        Assert.Equal("tool_failure|missing_command|pytest", finding.Signature);
        Assert.Equal((7, 20), (finding.Prevalence.Sessions, finding.Prevalence.SessionsRead));
        Assert.Equal(PytestSessions.Select(Id).ToHashSet(), finding.Evidence.Select(e => e.SessionId).ToHashSet());
        Assert.Equal(["agent0", "agent1", "agent2"], finding.Prevalence.Agents);
        Assert.Equal("`pytest` is not installed", finding.Title);
        Assert.Equal("/org/environment.md", finding.Edit.Path);
        Assert.Equal("Installed tools", finding.Edit.Section);
        Assert.True(finding.Edit.Untrusted);
        Assert.Equal("- `pytest` is not installed here (`/usr/bin/bash: line 13: pytest: command not found`); `python -m pytest` worked instead.", finding.Edit.Line);
        Assert.Contains("7 of 20 sessions", finding.Rationale, StringComparison.Ordinal);
        Assert.Contains("`python -m pytest` (7)", finding.Rationale, StringComparison.Ordinal);
    }

    [Fact]
    public void Memory_lines_carry_no_statistics_and_no_placeholders()
    {
        var line = Assert.Single(Analyze(Forward, PytestSessions.ToHashSet())).Edit.Line;

        Assert.DoesNotContain("<", line, StringComparison.Ordinal);
        Assert.DoesNotContain("sessions", line, StringComparison.Ordinal);
        Assert.DoesNotContain(" of 20", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Evidence_points_at_the_failed_result_and_quotes_it_verbatim()
    {
        var first = Assert.Single(Analyze(Forward, PytestSessions.ToHashSet())).Evidence[0];

        Assert.Equal(("sesn_02", 2L), (first.SessionId, first.EventIndex));
        Assert.Equal("/usr/bin/bash: line 2: pytest: command not found", first.Quote);
    }

    [Fact]
    public void A_failure_in_fewer_sessions_than_the_threshold_is_dropped_and_the_ledger_says_why()
    {
        var ledger = new PatternLedger();

        Assert.Empty(Analyze(Forward, new HashSet<int> { 7, 9 }, ledger: ledger));
        var considered = Assert.Single(ledger.Considered);
        Assert.Equal((PatternReasons.DecisionDropped, PatternReasons.Threshold), (considered.Decision, considered.Reason));
        Assert.Contains("seen in 2 sessions; a pattern needs 3", considered.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Thresholds_come_from_options()
    {
        var fails = new HashSet<int> { 7, 9 };

        Assert.Single(Analyze(Forward, fails, new FailurePatternOptions { Thresholds = new PatternThresholds(MinSessions: 2) }));
    }

    [Fact]
    public void Sessions_fed_in_reverse_order_give_the_same_findings()
    {
        var forward = Analyze(Forward, PytestSessions.ToHashSet());
        var reverse = Analyze(Forward.Reverse(), PytestSessions.ToHashSet());

        Assert.Equal(Describe(forward), Describe(reverse));
    }

    private static string Describe(IReadOnlyList<Finding> findings) => string.Join("\n", findings.Select(f =>
        $"{f.Signature}|{f.Title}|{f.Edit}|{f.Edit.Section}|{f.Rationale}|{f.Prevalence.Sessions}/{f.Prevalence.SessionsRead}|{string.Join(',', f.Prevalence.Agents)}|{f.Prevalence.FirstSeen}|{f.Prevalence.LastSeen}|{string.Join(';', f.Evidence)}"));
}
