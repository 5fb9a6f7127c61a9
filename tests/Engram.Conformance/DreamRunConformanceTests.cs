using Engram.Dreaming.Dreams;
using Engram.Memories;
using Engram.Review;

namespace Engram.Conformance;

/// <summary>
/// A dream run end to end through the application interface, on rules alone (no model): it records its
/// sessions' analyses, files its proposals in the input store, and a reviewer applies them. The target runs
/// dreams (in process, or by the server's worker).
/// </summary>
public abstract class DreamRunConformanceTests : ConformanceSuite
{
    private static readonly HashSet<int> Pytest = [2, 5, 6, 9, 13, 17, 20];

    [Fact]
    public async Task A_run_over_a_fleet_files_one_proposal_with_its_prevalence_and_accepting_it_writes_the_memory()
    {
        var store = await NewStoreAsync();
        var sessions = await DreamFleet.RecordAsync(Client, 20, Pytest);
        var created = await Client.CreateDreamAsync(DreamFleet.Request(store.Id, sessions));

        var dream = await Client.RunDreamAsync(created.Id);

        Assert.Equal(DreamStatus.Completed, dream.Status);
        Assert.Equal((20, 20), (dream.Progress.SessionsTotal, dream.Progress.SessionsAnalyzed));
        var proposal = Assert.Single((await Client.ListProposalsAsync(store.Id, new ProposalListQuery(DreamId: dream.Id))).Data);
        Assert.Equal((ProposalStatus.Pending, ProposalOperation.Create, dream.Id), (proposal.Status, proposal.Operation, proposal.DreamId));
        Assert.Equal((7, 20), (proposal.Origin!.Statistics.Sessions, proposal.Origin.Statistics.SessionsRead));
        Assert.Equal(Pytest.Select(n => sessions[n - 1]).Order(StringComparer.Ordinal), proposal.Origin.EvidenceSessionIds.Order(StringComparer.Ordinal));

        var applied = await Client.AcceptProposalAsync(store.Id, proposal.Id);

        Assert.Equal(ProposalStatus.Applied, applied.Status);
        var memory = await Client.GetMemoryByPathAsync(store.Id, proposal.Path);
        Assert.Contains("python -m pytest", memory.Content, StringComparison.Ordinal);
        Assert.Equal(dream.Id, (await Client.GetVersionAsync(store.Id, memory.MemoryVersionId)).DreamId);
    }
}
