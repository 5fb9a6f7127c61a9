using Engram.Access;
using Engram.Memories;
using Engram.Review;

namespace Engram.Tests.Memories;

public sealed class WriteResultTests
{
    private static readonly Proposal Filed = new(
        "prop_01", "memstore_01", null, ProposalOperation.Create, "/org/a.md", null, null, "sha", "text", "", Actor.User("user_01"),
        ProposalStatus.Pending, DateTimeOffset.UnixEpoch);

    [Fact]
    public void A_written_result_gives_its_value_and_no_proposal()
    {
        var written = WriteResult<string>.Written("memory");
        Assert.Equal("memory", written.Value);
        Assert.False(written.IsProposed);
        Assert.Null(written.Proposal);
        written.EnsureWritten();
        Assert.False(WriteResult.Written().IsProposed);
    }

    [Fact]
    public void Reading_the_value_of_a_proposal_fails_loudly_with_the_proposal_id()
    {
        var proposed = WriteResult<string>.Proposed(Filed);
        Assert.True(proposed.IsProposed);
        Assert.Same(Filed, proposed.Proposal);
        var error = Assert.Throws<InvalidOperationException>(() => proposed.Value);
        Assert.Contains("prop_01", error.Message, StringComparison.Ordinal);
        Assert.Contains("/org/a.md", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => WriteResult.Proposed(Filed).EnsureWritten());
    }

    [Fact]
    public void Mapping_keeps_a_proposal_and_maps_a_written_value()
    {
        Assert.Equal(6, WriteResult<string>.Written("memory").Select(text => text.Length).Value);
        Assert.Same(Filed, WriteResult<string>.Proposed(Filed).Select<int>(_ => throw new InvalidOperationException("not called")).Proposal);
    }
}
