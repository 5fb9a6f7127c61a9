using Engram.Dreaming.Findings;
using Engram.Tests.Dreaming.Synthesis;

namespace Engram.Tests.Dreaming.Findings;

public sealed class RememberRequestAnalyzerTests
{
    private static readonly Dictionary<string, string> EmptyStore = [];

    private static IReadOnlyList<Finding> Analyze(SynthesisFleet fleet, IReadOnlyDictionary<string, string>? store = null, RememberRequestOptions? options = null) =>
        new RememberRequestAnalyzer(options).Analyze(fleet.Tally().Patterns(), store ?? EmptyStore);

    [Fact]
    public void One_request_gives_a_trusted_finding_in_the_users_words_for_the_agents_own_memory()
    {
        var fleet = new SynthesisFleet().Session(2, "coder", e => e.User("Remember that the staging database is read-only.")).Quiet(1, 3);

        var finding = Assert.Single(Analyze(fleet));

        Assert.Equal((FindingKind.RememberRequest, 1, 3), (finding.Kind, finding.Prevalence.Sessions, finding.Prevalence.SessionsRead));
        Assert.Equal(new ProposedEdit("/agents/coder/notes.md", "- The staging database is read-only.", Untrusted: false) { Section = "Remembered" }, finding.Edit);
        Assert.Equal("The user asked to remember: \"The staging database is read-only.\"", finding.Title);
        Assert.Equal(("sesn_02", 1L), (finding.Evidence[0].SessionId, finding.Evidence[0].EventIndex));
    }

    [Fact]
    public void The_same_request_to_several_agents_goes_to_shared_memory()
    {
        var fleet = new SynthesisFleet()
            .Session(1, "coder", e => e.User("From now on, use uv for Python."))
            .Session(2, "reviewer", e => e.User("from now on use uv for python"));

        Assert.Equal("/org/conventions.md", Assert.Single(Analyze(fleet)).Edit.Path);
    }

    [Fact]
    public void A_request_the_store_already_states_gives_no_finding()
    {
        var fleet = new SynthesisFleet().Session(2, "coder", e => e.User("Remember that the staging database is read-only."));
        var store = new Dictionary<string, string> { ["/agents/coder/notes.md"] = "# Notes\n- The staging database is read-only!\n" };

        Assert.Empty(Analyze(fleet, store));
    }

    [Fact]
    public void A_request_the_agent_wrote_to_memory_right_after_gives_no_finding()
    {
        var handled = new SynthesisFleet().Session(2, "coder", e => e.User("Remember that the staging database is read-only.").WritesMemory("/memories/notes.md"));
        var late = new SynthesisFleet().Session(2, "coder", e =>
        {
            e.User("Remember that the staging database is read-only.");
            for (var i = 0; i < 12; i++)
            {
                e.Bash($"ls /repo/dir{i}", "x");
            }

            return e.WritesMemory("/memories/notes.md");
        });

        Assert.Empty(Analyze(handled));
        Assert.Single(Analyze(late));
    }

    [Theory]
    [InlineData("Please remember to run lint before pushing", "Run lint before pushing")]
    [InlineData("Always squash merge.", "Always squash merge.")]
    [InlineData("Note that: port 8080 is taken", "Port 8080 is taken")]
    [InlineData("remembering is hard, from now on write it down", "remembering is hard, from now on write it down")]
    public void The_lead_in_that_only_asks_to_remember_is_left_out(string quote, string lesson)
    {
        Assert.Equal(lesson, RememberRequestAnalyzer.Lesson(quote));
    }
}
