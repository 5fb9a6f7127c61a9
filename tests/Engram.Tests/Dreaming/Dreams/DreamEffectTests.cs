using Engram.Dreaming.Dreams;
using Engram.Review;

namespace Engram.Tests.Dreaming.Dreams;

/// <summary>A later dream reports what became of the patterns earlier dreams' applied proposals were about.</summary>
public sealed class DreamEffectTests
{
    [Fact]
    public async Task A_later_dream_counts_the_pattern_in_the_sessions_since_the_proposal_was_applied()
    {
        await using var world = await DreamWorld.StartAsync();
        var before = await world.FleetAsync(20, new HashSet<int>([2, 5, 6, 9, 13, 17, 20]));
        var first = await world.CreateAndRunAsync(world.Request(before));
        var proposal = Assert.Single((await world.Engine.Review.ListAsync(world.Admin, world.StoreId, new ProposalListQuery(DreamId: first.Id), CancellationToken.None)).Data);
        world.Time.Advance(TimeSpan.FromMinutes(1));
        var applied = await world.Engine.Review.AcceptAsync(world.Admin, world.StoreId, proposal.Id, "yes", CancellationToken.None);
        Assert.Equal(ProposalStatus.Applied, applied.Status);

        world.Time.Advance(TimeSpan.FromMinutes(1));
        var since = await world.FleetAsync(10, new HashSet<int>([3]));
        var second = await world.CreateAndRunAsync(world.Request([.. before, .. since]));

        var effect = Assert.Single(second.Effects);
        Assert.Equal(new DreamEffect(proposal.Id, first.Id, proposal.Origin!.Signature, proposal.Origin.Title, applied.DecidedAt!.Value, 7, 20, 10, 1), effect);
        var reread = await world.Dreams.GetAsync(world.Admin, second.Id, CancellationToken.None);
        Assert.Equal(second.Effects, reread.Effects); // recorded with the dream
        Assert.Empty(first.Effects);
    }
}
