using Engram.Review;

namespace Engram.Tests.Dreaming.Dreams;

/// <summary>What a later dream makes of an earlier dream's proposals, read from the store and its audit log.</summary>
public sealed class DreamPriorTests
{
    [Fact]
    public async Task After_a_person_reverts_a_dream_its_applied_pattern_is_weighed_as_turned_down_and_the_reason_says_reverted()
    {
        await using var world = await DreamWorld.StartAsync();
        var sessions = await world.FleetAsync(20, new HashSet<int>([2, 5, 6, 9, 13, 17, 20]));
        var first = await world.CreateAndRunAsync(world.Request(sessions));
        var proposal = Assert.Single((await world.Engine.Review.ListAsync(world.Admin, world.StoreId, new ProposalListQuery(DreamId: first.Id), CancellationToken.None)).Data);
        world.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(ProposalStatus.Applied, (await world.Engine.Review.AcceptAsync(world.Admin, world.StoreId, proposal.Id, "yes", CancellationToken.None)).Status);
        world.Time.Advance(TimeSpan.FromDays(1));
        Assert.NotEmpty((await world.Engine.Review.RevertDreamAsync(world.Admin, first.Id, CancellationToken.None)).Reverted);

        var second = await world.CreateAndRunAsync(world.Request(sessions));

        Assert.Equal(0, second.Progress.Proposals);
        var considered = Assert.Single(
            (await world.Dreams.ListPatternsAsync(world.Admin, second.Id, null, null, CancellationToken.None)).Data,
            p => p.Signature == proposal.Origin!.Signature);
        Assert.Equal(("dropped", "rejected"), (considered.Decision, considered.Reason));
        Assert.Equal($"{proposal.Id} was applied on 2026-11-01 and its dream reverted on 2026-11-02 at 7 of 20 sessions; now 7 of 20, not markedly more", considered.Detail);
    }

    [Fact]
    public async Task An_applied_pattern_whose_dream_stands_is_not_proposed_again()
    {
        await using var world = await DreamWorld.StartAsync();
        var sessions = await world.FleetAsync(20, new HashSet<int>([2, 5, 6, 9, 13, 17, 20]));
        var first = await world.CreateAndRunAsync(world.Request(sessions));
        var proposal = Assert.Single((await world.Engine.Review.ListAsync(world.Admin, world.StoreId, new ProposalListQuery(DreamId: first.Id), CancellationToken.None)).Data);
        await world.Engine.Review.AcceptAsync(world.Admin, world.StoreId, proposal.Id, "yes", CancellationToken.None);

        var second = await world.CreateAndRunAsync(world.Request(sessions));

        var considered = Assert.Single(
            (await world.Dreams.ListPatternsAsync(world.Admin, second.Id, null, null, CancellationToken.None)).Data,
            p => p.Signature == proposal.Origin!.Signature);
        Assert.Equal(("dropped", "already_proposed", $"{proposal.Id} proposed it and was applied on 2026-11-01"), (considered.Decision, considered.Reason, considered.Detail));
    }
}
