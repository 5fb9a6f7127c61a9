using Engram.Dreaming.Findings;
using static Engram.Tests.Dreaming.Findings.FleetSessions;

namespace Engram.Tests.Dreaming.Findings;

public sealed class RecoveredFailureAnalyzerTests
{
    private static readonly Dictionary<string, string> EmptyStore = [];

    private static IReadOnlyList<Finding> Analyze(IEnumerable<int> order, IReadOnlySet<int> fails, IReadOnlyDictionary<string, string>? store = null) =>
        new RecoveredFailureAnalyzer().Analyze(Tally(order, fails).Patterns(), store ?? EmptyStore);

    [Fact]
    public void Pytest_missing_in_7_of_20_sessions_gives_one_finding_with_its_evidence_and_line()
    {
        var finding = Assert.Single(Analyze(Forward, PytestSessions.ToHashSet()));

        Assert.Equal(FindingKind.RecoveredFailure, finding.Kind);
        Assert.Equal((7, 20), (finding.Prevalence.Sessions, finding.Prevalence.SessionsRead));
        Assert.Equal(PytestSessions.Select(Id).ToHashSet(), finding.Evidence.Select(e => e.SessionId).ToHashSet());
        Assert.Equal(7, finding.Evidence.Count);
        Assert.Equal(["agent0", "agent1", "agent2"], finding.Prevalence.Agents);
        Assert.Equal((Start.AddHours(2), Start.AddHours(20)), (finding.Prevalence.FirstSeen, finding.Prevalence.LastSeen));
        Assert.Equal("`pytest` fails here; run `python -m pytest`", finding.Title);
        Assert.Equal(new ProposedEdit(
            "/org/environment.md",
            "- `pytest` fails here (`<path>: line <num>: pytest: command not found`); run `python -m pytest` instead. Seen in 7 of 20 sessions.",
            Untrusted: true), finding.Edit);
    }

    [Fact]
    public void Evidence_points_at_the_succeeding_result_and_quotes_the_change()
    {
        var finding = Assert.Single(Analyze(Forward, PytestSessions.ToHashSet()));

        var first = finding.Evidence[0];
        Assert.Equal(("sesn_02", 4L), (first.SessionId, first.EventIndex));
        Assert.Equal("`pytest` -> `python -m pytest` after <path>: line <num>: pytest: command not found", first.Quote);
    }

    [Fact]
    public void A_one_off_failure_gives_no_finding()
    {
        Assert.Empty(Analyze(Forward, new HashSet<int> { 7 }));
    }

    [Fact]
    public void Three_sessions_below_the_share_threshold_give_no_finding()
    {
        var tally = Tally(Enumerable.Range(1, 40), new HashSet<int> { 3, 4, 5 }); // 3 of 40 is 7.5%

        Assert.Empty(new RecoveredFailureAnalyzer().Analyze(tally.Patterns(), EmptyStore));
        Assert.Single(new RecoveredFailureAnalyzer(new RecoveredFailureOptions(MinSharePercent: 5)).Analyze(tally.Patterns(), EmptyStore));
    }

    [Fact]
    public void A_pattern_the_store_already_states_gives_no_finding()
    {
        var store = new Dictionary<string, string> { ["/org/environment.md"] = "# Environment\n- `pytest` is not installed; run `python -m pytest`.\n" };

        Assert.Empty(Analyze(Forward, PytestSessions.ToHashSet(), store));
    }

    [Fact]
    public void A_store_that_mentions_only_the_failing_program_still_gets_the_finding()
    {
        var store = new Dictionary<string, string> { ["/org/environment.md"] = "- We use pytest for tests.\n" };

        Assert.Single(Analyze(Forward, PytestSessions.ToHashSet(), store));
    }

    [Fact]
    public void The_target_path_comes_from_options()
    {
        var analyzer = new RecoveredFailureAnalyzer(new RecoveredFailureOptions(TargetPath: "/team/ci.md"));

        var finding = Assert.Single(analyzer.Analyze(Tally(Forward, PytestSessions.ToHashSet()).Patterns(), EmptyStore));
        Assert.Equal("/team/ci.md", finding.Edit.Path);
    }

    [Fact]
    public void Sessions_fed_in_reverse_order_give_the_same_findings()
    {
        var forward = Analyze(Forward, PytestSessions.ToHashSet());
        var reverse = Analyze(Forward.Reverse(), PytestSessions.ToHashSet());

        Assert.Equal(Describe(forward), Describe(reverse));
    }

    [Fact]
    public void Sessions_that_ran_the_failing_program_without_failing_are_its_counter_examples()
    {
        var tally = Tally(Forward, PytestSessions.ToHashSet());
        foreach (var number in new[] { 21, 22, 23 })
        {
            var id = $"sesn_{number}";
            tally.Add(id, Engram.Dreaming.Signals.SessionSignals.Extract(id, "agent0", new SignalEvents(id).Bash("pytest -q", "3 passed").Events));
        }

        var finding = Assert.Single(new RecoveredFailureAnalyzer().Analyze(tally.Patterns(), EmptyStore));

        Assert.Equal(3, finding.CounterExamples);
        Assert.Equal("`pytest` fails here; run `python -m pytest`", finding.Title);
    }

    private static string Describe(IReadOnlyList<Finding> findings) => string.Join("\n", findings.Select(f =>
        $"{f.Signature}|{f.Title}|{f.Edit}|{f.Prevalence.Sessions}/{f.Prevalence.SessionsRead}|{string.Join(',', f.Prevalence.Agents)}|{f.Prevalence.FirstSeen}|{f.Prevalence.LastSeen}|{string.Join(';', f.Evidence)}"));
}
