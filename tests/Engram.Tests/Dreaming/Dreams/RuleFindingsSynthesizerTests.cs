using Engram.Dreaming.Analysis;
using Engram.Dreaming.Dreams;
using Engram.Dreaming.Findings;
using Engram.Memories;
using Engram.Review;
using Engram.Tests.Dreaming.Findings;

namespace Engram.Tests.Dreaming.Dreams;

public sealed class RuleFindingsSynthesizerTests
{
    private static readonly HashSet<int> Pytest = [.. FleetSessions.PytestSessions];

    private static SynthesisInput Input(IReadOnlyList<StoreFile> store)
    {
        var tally = FleetSessions.Tally(FleetSessions.Forward, Pytest);
        return new SynthesisInput(tally.Patterns(), tally.SessionsRead, [], store, null, FleetSessions.Start);
    }

    [Fact]
    public void A_finding_for_a_missing_file_drafts_a_new_file_with_a_heading_and_the_line()
    {
        var draft = Assert.Single(new RuleFindingsSynthesizer().Synthesize(Input([])));

        Assert.Equal(ProposalOperation.Create, draft.Operation);
        Assert.Equal(RecoveredFailureOptions.DefaultTargetPath, draft.Path);
        Assert.Null(draft.MemoryId);
        Assert.Null(draft.BaseSha256);
        Assert.StartsWith("# environment\n\n- `pytest", draft.Content, StringComparison.Ordinal);
        Assert.Equal("recovered_failure", draft.Origin.Kind);
        Assert.Equal((7, 20), (draft.Origin.Statistics.Sessions, draft.Origin.Statistics.SessionsRead));
        Assert.Equal(FleetSessions.PytestSessions.Select(FleetSessions.Id), draft.Origin.EvidenceSessionIds);
        Assert.True(draft.Origin.Untrusted);
    }

    [Fact]
    public void A_finding_for_an_existing_file_appends_its_line_based_on_the_files_hash()
    {
        const string content = "# environment\n- the build cache lives in /var/cache";
        var file = new StoreFile("mem_env", RecoveredFailureOptions.DefaultTargetPath, MemoryContent.Sha256(content), content);

        var draft = Assert.Single(new RuleFindingsSynthesizer().Synthesize(Input([file])));

        Assert.Equal(ProposalOperation.Modify, draft.Operation);
        Assert.Equal(("mem_env", file.ContentSha256), (draft.MemoryId, draft.BaseSha256));
        Assert.StartsWith(content + "\n- `pytest", draft.Content, StringComparison.Ordinal);
        Assert.EndsWith("\n", draft.Content, StringComparison.Ordinal);
    }

    [Fact]
    public void A_store_that_already_states_the_fix_gets_no_draft()
    {
        const string content = "Run `python -m pytest`; plain pytest is not installed.";
        var file = new StoreFile("mem_env", "/org/tools.md", MemoryContent.Sha256(content), content);

        Assert.Empty(new RuleFindingsSynthesizer().Synthesize(Input([file])));
    }
}
