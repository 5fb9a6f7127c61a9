using Engram.Dreaming.Dreams;
using Engram.Errors;

namespace Engram.Tests.Dreaming.Dreams;

public sealed class DreamEstimateTests
{
    [Fact]
    public async Task The_dry_run_counts_sessions_events_batches_tokens_and_cost_and_writes_nothing()
    {
        var analyzer = new ScriptedAnalyzer(new DreamUsage(1_000, 0, 0, 0));
        await using var world = await DreamWorld.StartAsync(new DreamOptions
        {
            Analyzers = model => model.Id == "claude-sonnet-4-5" ? analyzer : null,
            BatchSessions = 4,
            Prices = model => model == "claude-sonnet-4-5" ? new Engram.Dreaming.Model.ModelPrice(3m, 15m) : null,
        });
        var sessions = await world.FleetAsync(12, new HashSet<int>(Enumerable.Range(1, 10)));
        var writes = world.Engine.Storage.Stats.Writes;

        var estimate = await world.Dreams.EstimateAsync(world.Admin, world.Request(sessions), CancellationToken.None);
        var rulesOnly = await world.Dreams.EstimateAsync(world.Admin, world.Request(sessions) with { Model = new DreamModel("local-model") }, CancellationToken.None);

        Assert.Equal(12, estimate.Sessions);
        Assert.Equal(10 * 5 + 2 * 3, estimate.Events);
        Assert.Equal(10, estimate.SessionsWithSignals);
        Assert.True(estimate.UsesModel);
        Assert.Equal(3, estimate.Batches);
        Assert.Equal(3_000, estimate.EstimatedInputTokens);
        Assert.Equal(3 * DreamEstimate.OutputTokensPerBatch, estimate.EstimatedOutputTokens);
        Assert.Equal(((3_000m * 3m) + (3 * DreamEstimate.OutputTokensPerBatch * 15m)) / 1_000_000m, estimate.EstimatedCostUsd);
        Assert.Equal(0, analyzer.Calls);

        Assert.False(rulesOnly.UsesModel);
        Assert.Equal((0, 0L, (decimal?)null), (rulesOnly.Batches, rulesOnly.EstimatedInputTokens, rulesOnly.EstimatedCostUsd));

        Assert.Equal(writes, world.Engine.Storage.Stats.Writes);
        Assert.Empty((await world.Dreams.ListAsync(world.Admin, new DreamListQuery(IncludeArchived: true), CancellationToken.None)).Data);
    }

    [Fact]
    public async Task The_dry_run_validates_as_create_does()
    {
        await using var world = await DreamWorld.StartAsync();
        var sessions = await world.FleetAsync(1, new HashSet<int>());

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => world.Dreams.EstimateAsync(world.Admin, world.Request(sessions) with { Instructions = "" }, CancellationToken.None));

        Assert.Equal("instructions", error.Field);
    }
}
