using ArchUnitNET.Fluent;
using ArchUnitNET.xUnit;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace Engram.Architecture.Tests;

/// <summary>Features reach each other through the storage port and each other's public operations, never through internals.</summary>
public sealed class FeatureTests
{
    /// <summary>
    /// What a memory write may exchange with review: the proposal it files (with its operation and status) when the caller
    /// may only propose. Everything else of Review and all of Dreaming (applying, rebasing and merging proposals,
    /// reverting dreams) is theirs.
    /// </summary>
    private const string ReviewRecordsOfAWrite = @"^Engram\.Review\.(Proposal|ProposalOperation|ProposalStatus)$";

    [Fact]
    public void Memories_depends_on_no_internals_of_Review_or_Dreaming()
    {
        Types().That().ResideInNamespaceOrBelow("Engram.Memories")
            .Should().NotDependOnAny(Types().That().ResideInNamespaceOrBelow("Engram.Dreaming")
                .Or().ResideInNamespaceOrBelow("Engram.Review").And().DoNotHaveFullNameMatching(ReviewRecordsOfAWrite))
            .Because("each feature owns its writes: proposal apply, rebase and dream revert belong to Review")
            .Check(EngramArchitecture.Architecture);
    }

    [Fact]
    public void Dreaming_calls_only_public_operations_of_Memories()
    {
        MethodMembers().That().AreDeclaredIn(EngramArchitecture.Library.GetType("Engram.Memories.MemoryStoreService", throwOnError: true)!).And().AreNotPublic()
            .Should().NotBeCalledBy(Types().That().ResideInNamespaceOrBelow("Engram.Dreaming"))
            .Because("the dream runner writes through the public operations of the features it uses")
            .Check(EngramArchitecture.Architecture);
    }
    /// <summary>
    /// Each service takes the storage ports it uses, not the aggregate a backend implements. The composition root builds
    /// the services from it; the dream runner is the one feature that reads nearly every port (sessions, memories,
    /// dreams, proposals, access and audit) and takes the aggregate by design.
    /// </summary>
    [Fact]
    public void Features_take_the_ports_they_use_not_the_whole_storage()
    {
        var aggregate = Types().That().HaveFullName("Engram.Storage.IEngramStorage");
        Assert.False(Types().That().HaveFullName("Engram.EngramEngine").Should().NotDependOnAny(aggregate).HasNoViolations(EngramArchitecture.Architecture), "the aggregate is found");
        Types().That().ResideInAssembly(EngramArchitecture.Library)
            .And().DoNotHaveFullName("Engram.EngramEngine")
            .And().DoNotHaveFullName("Engram.Dreaming.Dreams.DreamRunner")
            .And().DoNotHaveFullName("Engram.Storage.IEngramStorage")
            .Should().NotDependOnAny(Types().That().HaveFullName("Engram.Storage.IEngramStorage"))
            .Because("a feature depends on its own ports, so a backend can be proven port by port")
            .Check(EngramArchitecture.Architecture);
    }
}
