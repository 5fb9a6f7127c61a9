using Engram.Access;
using Engram.Dreaming.Findings;
using Engram.Memories;
using Engram.Review;
using Engram.Sqlite;

namespace Engram.Cli.Tests;

/// <summary>Reviewing a dream's proposals from the command line: provenance, list by dream, accept with merge, the version's dream in the log.</summary>
public sealed class DreamReviewTests : IDisposable
{
    private const string Dream = "drm_01clireview00000000000000";

    private readonly EngramProcess _engram = new();

    public void Dispose() => _engram.Dispose();

    [Fact]
    public async Task Dream_proposals_show_their_evidence_and_an_append_over_a_persons_edit_is_merged_with_accept_merge_and_the_next_over_its_own_dream_merges_by_itself()
    {
        (await _engram.RunAsync("init")).Ok();
        var store = (await _engram.RunAsync("store", "create", "team", "--json")).Ok().Json.GetProperty("id").GetString()!;
        (await _engram.RunAsync(["write", "/tools.md"], "# Tools\n")).Ok();
        var (first, secondId) = await FileTwoAppendsAsync(store);

        var list = (await _engram.RunAsync("proposals", "list", "--dream", Dream)).Ok().Out;
        var nothing = (await _engram.RunAsync("proposals", "list", "--dream", "drm_01nothing000000000000000")).Ok();
        Assert.Equal("", nothing.Out); // stdout stays empty for scripts; stderr says it ran
        var none = nothing.Error;
        var show = (await _engram.RunAsync("proposals", "show", first)).Ok().Out;
        (await _engram.RunAsync(["write", "/tools.md"], "# Tools\n- zero\n")).Ok(); // a person moves the base of both
        var conflicted = await _engram.RunAsync("proposals", "accept", first);
        var offered = (await _engram.RunAsync("proposals", "show", first)).Ok().Out;
        var merged = (await _engram.RunAsync("proposals", "accept", first, "--merge")).Ok().Out;
        var second = await _engram.RunAsync("proposals", "accept", secondId); // moved again, but by this dream only
        var log = (await _engram.RunAsync("log", "/tools.md", "--json")).Ok().Json.GetProperty("data");
        var logText = (await _engram.RunAsync("log", "/tools.md")).Ok().Out;

        Assert.Contains(first, list, StringComparison.Ordinal);
        Assert.Contains(secondId, list, StringComparison.Ordinal);
        Assert.Contains("recovered_failure", list, StringComparison.Ordinal);
        Assert.Contains("7/20", list, StringComparison.Ordinal);
        Assert.Contains("engram: no pending proposals in ", none, StringComparison.Ordinal);
        Assert.Contains($"dream {Dream}  kind recovered_failure", show, StringComparison.Ordinal);
        Assert.Contains("seen in 7 of 20 sessions, 3 agents, 2 counter examples, first 2025-03-01 09:00:00Z last 2025-03-09 17:00:00Z", show, StringComparison.Ordinal);
        Assert.Contains("sesn_one  event 12  \"pytest: command not found\"", show, StringComparison.Ordinal);
        Assert.Contains("UNTRUSTED", show, StringComparison.Ordinal);
        Assert.Contains("+- one", show, StringComparison.Ordinal);
        Assert.Equal(4, conflicted.ExitCode);
        Assert.Contains("merge offered", offered, StringComparison.Ordinal);
        Assert.Contains("merged with the changes made since", merged, StringComparison.Ordinal);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal("# Tools\n- zero\n- one\n- two\n", (await _engram.RunAsync("cat", "/tools.md")).Ok().Out);
        Assert.Equal(Dream, log[0].GetProperty("dream_id").GetString());
        Assert.Equal(["sesn_one", "sesn_two"], log[0].GetProperty("evidence_session_ids").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains($"dream: {Dream}, evidence sessions: sesn_one, sesn_two", logText, StringComparison.Ordinal);
    }

    /// <summary>Files two dream proposals that each append a line to /tools.md, straight into the data directory (as a dream would).</summary>
    private async Task<(string First, string Second)> FileTwoAppendsAsync(string storeId)
    {
        var data = DataDirectory.Open(_engram.Data);
        await using var storage = data.OpenStorage();
        var memory = (await storage.GetMemoryByPathAsync(storeId, "/tools.md", withContent: false, CancellationToken.None))!;
        var origin = new DreamOrigin(
            "recovered_failure", "pytest-not-on-path", "pytest is not on PATH",
            new ProposalStatistics(7, 20, ["a", "b", "c"], new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 3, 9, 17, 0, 0, TimeSpan.Zero), 2),
            [new PatternEvidence("sesn_one", 12, "pytest: command not found"), new PatternEvidence("sesn_two", 3, "python -m pytest passed")],
            Untrusted: true, []);
        Proposal Append(string id, string line, int second) => new(
            id, storeId, memory.Id, ProposalOperation.Modify, memory.Path, null, memory.ContentSha256, MemoryContent.Sha256($"# Tools\n{line}\n"), $"# Tools\n{line}\n",
            "seen in 7 of 20 sessions", Actor.User(data.Manifest.LocalUserId), ProposalStatus.Pending, new DateTimeOffset(2025, 3, 10, 0, 0, second, TimeSpan.Zero))
        {
            DreamId = Dream,
            Origin = origin,
        };

        var first = Append("prop_01clifirst000000000000000", "- one", 1);
        var second = Append("prop_01clisecond00000000000000", "- two", 2);
        await storage.WriteAsync(tx =>
        {
            foreach (var proposal in new[] { first, second })
            {
                tx.SaveContent(proposal.ContentSha256!, proposal.Content!);
                tx.InsertProposal(proposal);
            }

            return 0;
        }, CancellationToken.None);
        return (first.Id, second.Id);
    }
}
