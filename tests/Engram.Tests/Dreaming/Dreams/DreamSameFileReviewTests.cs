using Engram.Dreaming.Dreams;
using Engram.Dreaming.Synthesis;
using Engram.Review;

namespace Engram.Tests.Dreaming.Dreams;

/// <summary>A dream's proposals for one new file, accepted one after another by a person.</summary>
public sealed class DreamSameFileReviewTests
{
    [Fact]
    public async Task Accepting_a_dreams_proposals_for_one_new_file_one_by_one_merges_each_into_its_section()
    {
        await using var world = await DreamWorld.StartAsync(new DreamOptions { Synthesizer = new DreamSynthesizer() });
        var sessions = await world.FleetAsync(20, new HashSet<int>([2, 5, 6, 9, 13, 17, 20]));
        foreach (var number in new[] { 21, 22, 23 })
        {
            sessions = [.. sessions, await world.SessionAsync("agent1", TimedOut(number))];
        }

        var dream = await world.CreateAndRunAsync(world.Request(sessions));
        var proposals = (await world.Engine.Review.ListAsync(world.Admin, world.StoreId, new ProposalListQuery(), CancellationToken.None)).Data
            .Where(p => p.Path == "/org/environment.md").OrderBy(p => p.Origin!.Signature, StringComparer.Ordinal).ToList();
        Assert.Equal(2, proposals.Count);
        Assert.All(proposals, p => Assert.Equal(ProposalOperation.Create, p.Operation));

        var first = await world.Engine.Review.AcceptAsync(world.Admin, world.StoreId, proposals[0].Id, "yes", CancellationToken.None);
        var second = await world.Engine.Review.AcceptAsync(world.Admin, world.StoreId, proposals[1].Id, "yes too", CancellationToken.None);

        Assert.Equal((ProposalStatus.Applied, ProposalStatus.Applied), (first.Status, second.Status));
        Assert.Contains("merged", second.DecisionNote, StringComparison.Ordinal);
        var content = (await world.Engine.Memories.GetMemoryByPathAsync(world.Admin, world.StoreId, "/org/environment.md", Engram.Memories.MemoryView.Full, CancellationToken.None)).Content!;
        Assert.Equal(1, content.Split('\n').Count(l => l == "# Environment"));
        Assert.Contains("## Installed tools\n\n- `pytest` is not installed here", content, StringComparison.Ordinal);
        Assert.Contains("## Limits\n\n- Commands that run too long are killed here", content, StringComparison.Ordinal);
        Assert.Equal(dream.Id, second.DreamId);
    }

    private static IReadOnlyList<Engram.Sessions.TranscriptEvent> TimedOut(int number) =>
        new DreamWorld.Events().User("run the suite")
            .Bash($"pytest tests/suite{number}", "The last command <command>pytest tests</command> timed out and has been killed.", isError: true)
            .List;
}
