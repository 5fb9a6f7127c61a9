using Engram.Dreaming.Dreams;
using Engram.Dreaming.Model;

namespace Engram.Dreaming.Tests.Dreaming.Model;

public sealed class ModelPricesTests
{
    [Theory]
    [InlineData("claude-sonnet-4-5", 3, 15)]
    [InlineData("claude-sonnet-4-5-20250929", 3, 15)]
    [InlineData("claude-haiku-4-5", 1, 5)]
    [InlineData("claude-opus-4-1-20250805", 15, 75)]
    [InlineData("claude-3-5-haiku-latest", 0.8, 4)]
    public void Known_models_have_their_list_price(string model, double input, double output)
    {
        var price = ModelPrices.For(model);

        Assert.Equal(new ModelPrice((decimal)input, (decimal)output), price);
    }

    [Theory]
    [InlineData("gpt-4o")]
    [InlineData("claude-sonnet-9")]
    [InlineData("claude-sonnet-4-5-preview")]
    [InlineData("claude-opus-4-7")]
    public void Unknown_models_have_no_price_rather_than_a_guess(string model) => Assert.Null(ModelPrices.For(model));

    [Fact]
    public void Cost_counts_cache_writes_and_reads_at_their_factors()
    {
        var cost = new ModelPrice(3m, 15m).Cost(new DreamUsage(InputTokens: 1_000_000, OutputTokens: 100_000, CacheCreationInputTokens: 400_000, CacheReadInputTokens: 1_000_000));

        Assert.Equal(3m + 1.5m + 1.5m + 0.3m, cost);
    }
}
