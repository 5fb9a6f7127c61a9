using Engram.Access;
using Engram.Dreaming.Dreams;
using Engram.Web.Governance;

namespace Engram.Web.Tests.Governance;

public sealed class DreamFactsTests
{
    private static Dream Dream(string model, DreamUsage usage) => new(
        "drm_1", DreamStatus.Completed, "memstore_1", new SessionSelection([], All: true), null, new DreamModel(model), DreamOutputBehavior.CreateNew,
        null, usage, null, new DreamProgress("done", 12, 12, 3), Actor.User("user_1"), DateTimeOffset.UnixEpoch, null, null);

    [Fact]
    public void A_dream_that_spent_no_tokens_cost_nothing_whatever_its_model()
    {
        Assert.Equal("$0.00", DreamFacts.Cost(Dream("some-local-model", DreamUsage.None)));
        Assert.Equal("no tokens", DreamFacts.Usage(Dream("some-local-model", DreamUsage.None)));
    }

    [Fact]
    public void Tokens_cost_the_models_list_price_and_an_unknown_model_has_no_price()
    {
        var usage = new DreamUsage(1_000_000, 100_000, 0, 0);

        Assert.Equal("$4.50", DreamFacts.Cost(Dream("claude-sonnet-4-5", usage))); // $3 in, $15 out per million
        Assert.Null(DreamFacts.Cost(Dream("some-local-model", usage)));
        Assert.Equal("1,000,000 in, 100,000 out", DreamFacts.Usage(Dream("some-local-model", usage)));
    }

    [Fact]
    public void The_selection_says_how_the_sessions_were_chosen()
    {
        static string Name(string id) => id == "memstore_a" ? "acme" : id;

        Assert.Equal("every session", DreamFacts.Selection(new SessionSelection([], All: true), Name));
        Assert.Equal("sessions active since 2026-01-31 09:00 UTC of agent deployer with acme attached",
            DreamFacts.Selection(new SessionSelection([], new DateTimeOffset(2026, 1, 31, 9, 0, 0, TimeSpan.Zero), "deployer", "memstore_a"), Name));
        Assert.Equal("2 named sessions", DreamFacts.Selection(new SessionSelection(["sesn_1", "sesn_2"]), Name));
    }
}
