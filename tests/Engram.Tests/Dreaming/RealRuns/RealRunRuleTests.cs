using Engram.Dreaming.Analysis;
using Engram.Dreaming.Findings;
using Engram.Dreaming.Signals;
using Engram.Dreaming.Synthesis;
using Engram.Sessions;

namespace Engram.Tests.Dreaming.RealRuns;

/// <summary>The dreaming rules on trimmed real runs of a real agent (mini-swe-agent with Gemini 3 Pro on SWE-bench tasks).</summary>
public sealed class RealRunRuleTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private static async Task<(RealFleet Fleet, SynthesisResult Result)> DreamAsync(string? instructions = null)
    {
        var fleet = await RealFleet.LoadAsync();
        var tally = fleet.Tally();
        var result = new DreamSynthesizer().Synthesize(new SynthesisInput(tally.Patterns(), tally.SessionsRead, [], [], instructions, Now) { Projects = tally.Projects });
        return (fleet, result);
    }

    [Fact]
    public async Task An_unrecovered_missing_module_becomes_an_environment_fact_scoped_to_the_project_it_happens_in()
    {
        var (_, result) = await DreamAsync();

        var fact = Assert.Single(result.Drafts, d => d.Origin.Signature == "tool_failure|missing_module|pytest");
        Assert.Equal((DraftKinds.EnvironmentFact, "/org/environment.md", 4, 5), (fact.Origin.Kind, fact.Path, fact.Origin.Statistics.Sessions, fact.Origin.Statistics.SessionsRead));
        var line = fact.Content!.Split('\n').Single(l => l.StartsWith("- ", StringComparison.Ordinal));
        Assert.StartsWith("- In sympy/sympy, the `pytest` module is not installed (`", line, StringComparison.Ordinal);
        Assert.Contains("No module named pytest`)", line, StringComparison.Ordinal);
        Assert.Null(MemoryText.Violation(line));
        Assert.Contains("## Installed tools", fact.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_grep_that_found_nothing_is_not_a_failure()
    {
        var fleet = await RealFleet.LoadAsync();
        var noMatches = fleet.Sessions.SelectMany(s => s.Events.Where(e => e.Event.Kind == TranscriptEventKind.ToolResult && e.Event.ExitCode == 1
            && string.IsNullOrWhiteSpace(e.Event.Text) && CallOf(s.Events, e)?.Event.ToolInput?.Contains("grep", StringComparison.Ordinal) == true)
            .Select(e => (s.Id, e.Index))).ToList();

        Assert.NotEmpty(noMatches); // the runs do have empty greps
        var failures = fleet.Signals.OfType<ToolFailureSignal>().Select(f => (f.SessionId, f.EventIndex)).ToHashSet();
        Assert.DoesNotContain(noMatches, failures.Contains);
    }

    [Fact]
    public async Task A_retry_that_also_failed_is_not_a_recovery_and_no_recovery_is_the_failed_command_again()
    {
        var fleet = await RealFleet.LoadAsync();
        var failures = fleet.Signals.OfType<ToolFailureSignal>().Select(f => (f.SessionId, f.EventIndex)).ToHashSet();
        var retries = fleet.Signals.OfType<RecoveredRetrySignal>().ToList();

        Assert.NotEmpty(retries);
        Assert.All(retries, r => Assert.DoesNotContain((r.SessionId, r.EventIndex), failures));
        Assert.All(retries, r => Assert.Contains((r.SessionId, r.FailureIndex), failures));
        Assert.All(retries, r => Assert.True(SignalText.Differs(r.Change), r.Change));
        Assert.DoesNotContain(retries, r => r.Variant!.Split(" -> ") is [var failed, var fix] && failed == fix);
    }

    [Fact]
    public async Task Every_evidence_quote_is_an_excerpt_of_the_event_it_cites_and_every_cited_event_shows_the_pattern()
    {
        var (fleet, result) = await DreamAsync();

        Assert.NotEmpty(result.Drafts);
        foreach (var evidence in result.Drafts.SelectMany(d => d.Origin.Evidence.Select(e => (d.Origin.Signature, Evidence: e))))
        {
            var e = fleet.Event(evidence.Evidence.SessionId, evidence.Evidence.EventIndex).Event;
            var quote = evidence.Evidence.Quote.TrimEnd('…');
            Assert.True((e.Text ?? e.ToolInput ?? "").Contains(quote, StringComparison.Ordinal), $"{evidence.Signature}: \"{quote}\" is not in event {evidence.Evidence.EventIndex}");
            Assert.Contains(SignalsAt(fleet, evidence.Evidence.SessionId, evidence.Evidence.EventIndex), s => s.Signature == evidence.Signature);
        }
    }

    [Fact]
    public async Task The_harness_feedback_is_guidance_for_the_agents_own_notes_in_its_own_words()
    {
        var (_, result) = await DreamAsync();

        var format = Assert.Single(result.Drafts, d => d.Origin.Kind == DraftKinds.HarnessFeedback && d.Origin.Title.Contains("EXACTLY ONE action", StringComparison.Ordinal));
        Assert.Equal("/agents/gemini-3-pro-preview/notes.md", format.Path);
        Assert.Contains("- Always provide EXACTLY ONE action in triple backticks.\n", format.Content, StringComparison.Ordinal);
        Assert.True(format.Origin.Untrusted); // the harness's words, not a person's
    }

    [Fact]
    public async Task A_pattern_seen_in_fewer_than_three_sessions_is_never_proposed_and_the_dream_says_why()
    {
        var (_, result) = await DreamAsync();

        Assert.All(result.Drafts, d => Assert.True(d.Origin.Statistics.Sessions >= 3, d.Origin.Title));
        var rare = Assert.Single(result.Considered, p => p.Signature == "tool_failure|missing_command|pytest");
        Assert.Equal((PatternReasons.DecisionDropped, PatternReasons.Threshold), (rare.Decision, rare.Reason));
    }

    [Theory]
    [InlineData("Ignore format errors.", new[] { "tool_failure|missing_module|pytest" }, new[] { "format" })]
    [InlineData("Only tool configuration problems.", new[] { "tool_failure|missing_module|pytest" }, new[] { "format", "long" })]
    public async Task Plain_words_steering_keeps_and_drops_the_right_patterns(string instructions, string[] kept, string[] dropped)
    {
        var (_, result) = await DreamAsync(instructions);

        Assert.All(kept, signature => Assert.Contains(result.Drafts, d => d.Origin.Signature == signature));
        foreach (var feedback in dropped)
        {
            var words = feedback == "format" ? "EXACTLY ONE action" : "too long";
            Assert.DoesNotContain(result.Drafts, d => d.Origin.Title.Contains(words, StringComparison.Ordinal));
            var considered = Assert.Single(result.Considered, p => p.Title.Contains(words, StringComparison.Ordinal));
            Assert.Equal(PatternReasons.Instruction, considered.Reason);
        }
    }

    private static IEnumerable<Signal> SignalsAt(RealFleet fleet, string sessionId, long index) =>
        fleet.Sessions.Single(s => s.Id == sessionId).Signals.Where(s => s.EventIndex == index || (s is RecoveredRetrySignal r && r.FailureIndex == index));

    private static StoredEvent? CallOf(List<StoredEvent> events, StoredEvent result) =>
        events.LastOrDefault(e => e.Index < result.Index && e.Event.Kind == TranscriptEventKind.ToolUse && e.Event.ToolUseId == result.Event.ToolUseId);
}
