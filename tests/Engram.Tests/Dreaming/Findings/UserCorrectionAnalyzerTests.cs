using Engram.Dreaming.Findings;
using static Engram.Tests.Dreaming.Findings.FleetSessions;

namespace Engram.Tests.Dreaming.Findings;

public sealed class UserCorrectionAnalyzerTests
{
    private const string UsePnpm = "No, use pnpm instead of npm in this repo";

    private static readonly HashSet<int> NoFailures = [];

    private static readonly Dictionary<string, string> EmptyStore = [];

    private static Dictionary<int, (string Agent, string Correction)> Corrections(params (int Session, string Agent)[] sessions) =>
        sessions.ToDictionary(s => s.Session, s => (s.Agent, UsePnpm));

    [Fact]
    public void A_correction_from_users_of_3_agents_in_4_sessions_gives_one_shared_memory_finding()
    {
        var corrections = Corrections((3, "coder"), (8, "reviewer"), (11, "deployer"), (15, "coder"));

        var finding = Assert.Single(new UserCorrectionAnalyzer().Analyze(Tally(Forward, NoFailures, corrections).Patterns(), EmptyStore));

        Assert.Equal(FindingKind.UserCorrection, finding.Kind);
        Assert.Equal((4, 20), (finding.Prevalence.Sessions, finding.Prevalence.SessionsRead));
        Assert.Equal(["coder", "deployer", "reviewer"], finding.Prevalence.Agents);
        Assert.Equal(["sesn_03", "sesn_08", "sesn_11", "sesn_15"], finding.Evidence.Select(e => e.SessionId));
        Assert.All(finding.Evidence, e => Assert.Equal(UsePnpm, e.Quote));
        Assert.Equal(new ProposedEdit("/org/conventions.md", "- Use pnpm instead of npm in this repo", Untrusted: false) { Section = "Conventions" }, finding.Edit);
    }

    [Fact]
    public void The_same_correction_to_one_agent_goes_to_that_agents_notes_not_shared_memory()
    {
        var corrections = Corrections((3, "coder"), (8, "coder"), (11, "coder"), (15, "coder"));

        var finding = Assert.Single(new UserCorrectionAnalyzer().Analyze(Tally(Forward, NoFailures, corrections).Patterns(), EmptyStore));
        Assert.Equal(new ProposedEdit("/agents/coder/notes.md", "- Use pnpm instead of npm in this repo", Untrusted: false) { Section = "Corrections" }, finding.Edit);
        Assert.Contains("Users corrected coder the same way in 4 of 20 sessions", finding.Rationale, StringComparison.Ordinal);
    }

    [Fact]
    public void A_correction_said_in_fewer_than_three_sessions_gives_no_finding()
    {
        var corrections = Corrections((3, "coder"), (8, "reviewer"));

        Assert.Empty(new UserCorrectionAnalyzer().Analyze(Tally(Forward, NoFailures, corrections).Patterns(), EmptyStore));
    }

    [Fact]
    public void A_correction_in_two_sessions_gives_no_finding_even_across_agents()
    {
        var corrections = Corrections((3, "coder"), (8, "reviewer"));

        Assert.Empty(new UserCorrectionAnalyzer().Analyze(Tally(Forward, NoFailures, corrections).Patterns(), EmptyStore));
    }

    [Fact]
    public void A_correction_the_store_already_states_gives_no_finding()
    {
        var corrections = Corrections((3, "coder"), (8, "reviewer"), (11, "deployer"), (15, "coder"));
        var store = new Dictionary<string, string> { ["/org/conventions.md"] = "- No, use pnpm instead of npm in this repo.\n" };

        Assert.Empty(new UserCorrectionAnalyzer().Analyze(Tally(Forward, NoFailures, corrections).Patterns(), store));
    }

    [Fact]
    public void Sessions_fed_in_reverse_order_give_the_same_correction_finding()
    {
        var corrections = Corrections((3, "coder"), (8, "reviewer"), (11, "deployer"), (15, "coder"));

        var forward = Assert.Single(new UserCorrectionAnalyzer().Analyze(Tally(Forward, NoFailures, corrections).Patterns(), EmptyStore));
        var reverse = Assert.Single(new UserCorrectionAnalyzer().Analyze(Tally(Forward.Reverse(), NoFailures, corrections).Patterns(), EmptyStore));

        Assert.Equal((forward.Edit, forward.Title, forward.Prevalence.Agents, forward.Evidence), (reverse.Edit, reverse.Title, reverse.Prevalence.Agents, reverse.Evidence), TupleComparer);
    }

    private static readonly Comparer TupleComparer = new();

    private sealed class Comparer : IEqualityComparer<(ProposedEdit, string, IReadOnlyList<string>, IReadOnlyList<PatternEvidence>)>
    {
        public bool Equals((ProposedEdit, string, IReadOnlyList<string>, IReadOnlyList<PatternEvidence>) x, (ProposedEdit, string, IReadOnlyList<string>, IReadOnlyList<PatternEvidence>) y) =>
            x.Item1 == y.Item1 && x.Item2 == y.Item2 && x.Item3.SequenceEqual(y.Item3) && x.Item4.SequenceEqual(y.Item4);

        public int GetHashCode((ProposedEdit, string, IReadOnlyList<string>, IReadOnlyList<PatternEvidence>) obj) => obj.Item1.GetHashCode();
    }
}
