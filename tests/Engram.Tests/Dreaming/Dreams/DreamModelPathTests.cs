using System.Text.RegularExpressions;
using Engram.Dreaming.Dreams;
using Engram.Dreaming.Model;
using Engram.Review;
using Microsoft.Extensions.AI;

namespace Engram.Tests.Dreaming.Dreams;

/// <summary>The model path end to end: the runner, the real sub-agent over a scripted chat client, the synthesizer, the proposal.</summary>
public sealed partial class DreamModelPathTests
{
    [Fact]
    public async Task A_lesson_the_model_reports_in_every_session_becomes_one_proposal_with_its_prevalence_and_the_tokens_are_counted()
    {
        var model = new FleetModel();
        await using var world = await DreamWorld.StartAsync(new DreamOptions
        {
            Analyzers = m => new ModelSessionAnalyzer(model, m.Id, new ModelAnalyzerOptions(), TimeProvider.System),
        });
        var sessions = await world.FleetAsync(6, new HashSet<int>([1, 2, 3, 4, 5, 6]));

        var dream = await world.CreateAndRunAsync(world.Request(sessions));

        Assert.Equal(DreamStatus.Completed, dream.Status);
        Assert.Equal(2, model.Batches); // six sessions with signals, five per batch
        Assert.True(dream.Usage.InputTokens > 0 && dream.Usage.OutputTokens > 0);
        var proposals = (await world.Engine.Review.ListAsync(world.Admin, world.StoreId, new ProposalListQuery(), CancellationToken.None)).Data;
        var lesson = Assert.Single(proposals, p => p.Origin!.Kind == "model");
        Assert.Equal("/org/ops.md", lesson.Path);
        Assert.Equal(6, lesson.Origin!.Statistics.Sessions);
        Assert.Equal(sessions.Order(StringComparer.Ordinal), lesson.Origin.EvidenceSessionIds.Order(StringComparer.Ordinal));
        var review = await world.Engine.Review.GetAsync(world.Admin, world.StoreId, lesson.Id, CancellationToken.None);
        Assert.Contains("- Integration tests need the VPN up.", review.Proposal.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_model_a_rule_based_proposal_is_worded_by_it_and_keeps_the_rules_line_in_its_rationale()
    {
        var model = new FleetModel { Wording = "- Run tests with `python -m pytest`: `pytest` is not installed here." };
        await using var world = await DreamWorld.StartAsync(new DreamOptions
        {
            Analyzers = m => new ModelSessionAnalyzer(model, m.Id, new ModelAnalyzerOptions(), TimeProvider.System),
        });
        var sessions = await world.FleetAsync(6, new HashSet<int>([1, 2, 3]));

        var dream = await world.CreateAndRunAsync(world.Request(sessions));

        var proposals = (await world.Engine.Review.ListAsync(world.Admin, world.StoreId, new ProposalListQuery(), CancellationToken.None)).Data;
        var rule = Assert.Single(proposals, p => p.Origin!.Kind == "environment_fact");
        var review = await world.Engine.Review.GetAsync(world.Admin, world.StoreId, rule.Id, CancellationToken.None);
        Assert.Contains("- Run tests with `python -m pytest`: `pytest` is not installed here.\n", review.Proposal.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("is not installed here (`", review.Proposal.Content, StringComparison.Ordinal);
        Assert.Contains("the rule's own line: - `pytest` is not installed here", rule.Rationale, StringComparison.Ordinal);
        Assert.True(rule.Origin!.Untrusted); // worded again, its source is still tool output
        Assert.Equal(1, model.Wordings);
        Assert.Equal(DreamStatus.Completed, dream.Status);
    }

    [Fact]
    public async Task An_answer_that_is_not_one_short_line_keeps_the_rules_template()
    {
        var model = new FleetModel { Wording = "Sure! Here is a line:\n- Use python -m pytest." };
        await using var world = await DreamWorld.StartAsync(new DreamOptions
        {
            Analyzers = m => new ModelSessionAnalyzer(model, m.Id, new ModelAnalyzerOptions(), TimeProvider.System),
        });
        var sessions = await world.FleetAsync(6, new HashSet<int>([1, 2, 3]));

        await world.CreateAndRunAsync(world.Request(sessions));

        var proposals = (await world.Engine.Review.ListAsync(world.Admin, world.StoreId, new ProposalListQuery(), CancellationToken.None)).Data;
        var rule = Assert.Single(proposals, p => p.Origin!.Kind == "environment_fact");
        var review = await world.Engine.Review.GetAsync(world.Admin, world.StoreId, rule.Id, CancellationToken.None);
        Assert.Contains("- `pytest` is not installed here (`", review.Proposal.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("Worded by", rule.Rationale, StringComparison.Ordinal);
    }

    /// <summary>
    /// A stand-in for a model: for each batch it reports the same lesson once per session it was shown (citing the
    /// session's first event), then ends its turn; asked to word a line (a request without tools), it answers <see cref="Wording"/>.
    /// </summary>
    private sealed partial class FleetModel : IChatClient
    {
        private int _batches;
        private int _wordings;

        public int Batches => _batches;

        public int Wordings => _wordings;

        public string Wording { get; init; } = "";

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            var list = messages.ToList();
            var usage = new UsageDetails { InputTokenCount = 500, OutputTokenCount = 40 };
            if (options?.Tools is not { Count: > 0 })
            {
                Interlocked.Increment(ref _wordings);
                return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, Wording)) { Usage = usage });
            }

            if (list[^1].Contents.OfType<FunctionResultContent>().Any())
            {
                return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "Done.")) { Usage = usage });
            }

            Interlocked.Increment(ref _batches);
            var shown = SessionId().Matches(list.Last(m => m.Role == ChatRole.User).Text).Select(m => m.Value).Distinct().ToList();
            var calls = shown.Select((session, i) => (AIContent)new FunctionCallContent($"call_{i}", AnalysisTools.ReportFinding, new Dictionary<string, object?>
            {
                ["signature"] = "integration tests need vpn",
                ["title"] = "Integration tests need the VPN",
                ["target_path"] = "/org/ops.md",
                ["text"] = "- Integration tests need the VPN up.",
                ["rationale"] = "The tests time out until the VPN is connected.",
                ["evidence"] = new[] { new Dictionary<string, object?> { ["session_id"] = session, ["event_index"] = 0 } },
            })).ToList();
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, calls)) { Usage = usage });
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }

        [GeneratedRegex(@"sesn_[0-9A-Z]{26}")]
        private static partial Regex SessionId();
    }
}
