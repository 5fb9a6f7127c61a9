using Engram.Dreaming.Analysis;
using Engram.Dreaming.Synthesis;
using Engram.Review;
using static Engram.Tests.Dreaming.Synthesis.SynthesisFleet;

namespace Engram.Tests.Dreaming.Synthesis;

public sealed class StoreCheckTests
{
    internal const string BuildNotes =
        "# Build\n- Run make before pushing changes to main.\n- Builds take about ten minutes on the shared CI runners.\n- Release builds need the signing key from the vault.\n";

    private const string PinLesson = "- Always pin the base image version.\n";

    private static readonly int[] PytestSessions = [2, 5, 6, 9, 13, 17, 20];

    private static IReadOnlyList<DraftProposal> Synthesize(IReadOnlyList<StoreFile> store, SynthesisFleet? fleet = null) =>
        new DreamSynthesizer().Synthesize(Input((fleet ?? new SynthesisFleet().Quiet(1, 4)).Tally(), store)).Drafts;

    private static SynthesisFleet PytestFleet()
    {
        var fleet = new SynthesisFleet();
        foreach (var number in PytestSessions)
        {
            fleet.Session(number, $"agent{number % 3}", e => e.PytestFails(number));
        }

        return fleet.Quiet(1, 20);
    }

    [Fact]
    public void Two_duplicate_memories_yield_exactly_one_merge_into_the_shared_one_with_the_lines_it_lacks()
    {
        var scratch = File("mem_01", "/agents/coder/build.md", BuildNotes + "- Cache: /tmp.\n");
        var shared = File("mem_02", "/org/build.md", BuildNotes);

        var merge = Assert.Single(Synthesize([scratch, shared]));

        Assert.Equal((ProposalOperation.Merge, "/org/build.md", "mem_02", shared.ContentSha256, (string?)null), (merge.Operation, merge.Path, merge.MemoryId, merge.BaseSha256, merge.NewPath));
        Assert.Equal(BuildNotes + "- Cache: /tmp.\n", merge.Content);
        Assert.Equal([new RetiredMemory("mem_01", "/agents/coder/build.md", scratch.ContentSha256)], merge.Origin.Retires);
        Assert.Equal((DraftKinds.Duplicate, "duplicate|/agents/coder/build.md|/org/build.md", false), (merge.Origin.Kind, merge.Origin.Signature, merge.Origin.Untrusted));
        Assert.Empty(merge.Origin.Evidence);
        Assert.Equal((0, 4), (merge.Origin.Statistics.Sessions, merge.Origin.Statistics.SessionsRead));
        Assert.Contains("/agents/coder/build.md", merge.Rationale, StringComparison.Ordinal);
        Assert.Contains("/org/build.md", merge.Rationale, StringComparison.Ordinal);
    }

    [Fact]
    public void Among_shared_duplicates_the_oldest_memory_keeps_and_identical_content_merges_unchanged()
    {
        var newer = File("mem_09", "/org/a.md", BuildNotes);
        var older = File("mem_03", "/team/b.md", BuildNotes);

        var merge = Assert.Single(Synthesize([newer, older]));

        Assert.Equal(("/team/b.md", BuildNotes), (merge.Path, merge.Content));
        Assert.Equal("mem_09", Assert.Single(merge.Origin.Retires).MemoryId);
    }

    [Fact]
    public void Different_memories_and_two_agents_copies_of_one_scratchpad_are_not_merged()
    {
        Assert.Empty(Synthesize([File("mem_01", "/org/build.md", BuildNotes), File("mem_02", "/org/deploy.md", "# Deploy\n- Deploys go through the staging cluster first, then production after a day.\n")]));
        Assert.Empty(Synthesize([File("mem_01", "/agents/a/build.md", BuildNotes), File("mem_02", "/agents/b/build.md", BuildNotes)]));
    }

    [Fact]
    public void An_expired_memory_yields_a_delete_draft_and_takes_no_part_in_the_duplicate_check()
    {
        var expired = File("mem_01", "/org/cluster.md", "---\nexpires: 2026-10-01\n---\n" + BuildNotes);
        var current = File("mem_02", "/org/build.md", BuildNotes);
        var later = File("mem_03", "/org/later.md", "---\nexpires: 2027-01-01\n---\nThe new cluster is live.\n");

        var delete = Assert.Single(Synthesize([expired, current, later]));

        Assert.Equal((ProposalOperation.Delete, "/org/cluster.md", "mem_01", expired.ContentSha256, (string?)null), (delete.Operation, delete.Path, delete.MemoryId, delete.BaseSha256, delete.Content));
        Assert.Equal((DraftKinds.Stale, "stale|/org/cluster.md"), (delete.Origin.Kind, delete.Origin.Signature));
        Assert.Contains("2026-10-01", delete.Rationale, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lesson_in_three_agents_scratchpads_is_promoted_to_shared_memory_with_the_sessions_that_wrote_them()
    {
        var fleet = new SynthesisFleet()
            .Session(2, "a", e => e.WritesMemory("/memories/agents/a/notes.md"))
            .Session(3, "b", e => e.WritesMemory("/agents/b/notes.md"))
            .Session(4, "c", e => e.WritesMemory("/agents/c/other.md"))
            .Quiet(1, 6);
        var store = new[]
        {
            File("mem_01", "/agents/a/notes.md", "# Notes\n" + PinLesson),
            File("mem_02", "/agents/b/notes.md", "- always pin the base image version\n- Prefer small commits.\n"),
            File("mem_03", "/agents/c/notes.md", "1. Always pin the base image version.\n"),
        };

        var draft = Assert.Single(Synthesize(store, fleet));

        Assert.Equal((ProposalOperation.Create, "/team/lessons.md", DraftKinds.Promote), (draft.Operation, draft.Path, draft.Origin.Kind));
        Assert.Equal("# Lessons\n\n- Always pin the base image version.\n", draft.Content);
        Assert.Equal(["a", "b", "c"], draft.Origin.Statistics.Agents);
        Assert.Equal((2, 6), (draft.Origin.Statistics.Sessions, draft.Origin.Statistics.SessionsRead));
        Assert.Equal([Id(2), Id(3)], draft.Origin.EvidenceSessionIds);
        Assert.Equal("promote|always pin the base image version", draft.Origin.Signature);
    }

    [Fact]
    public void A_promotion_modifies_the_shared_file_when_it_exists_and_is_skipped_when_it_already_has_the_lesson()
    {
        var scratchpads = new[] { "a", "b", "c" }.Select((agent, i) => File($"mem_0{i}", $"/agents/{agent}/notes.md", PinLesson)).ToList();
        var lessons = File("mem_10", "/team/lessons.md", "# Lessons\n- Keep pull requests small.\n");

        var modify = Assert.Single(Synthesize([.. scratchpads, lessons]));
        Assert.Equal((ProposalOperation.Modify, "mem_10", "# Lessons\n- Keep pull requests small.\n" + PinLesson), (modify.Operation, modify.MemoryId, modify.Content));

        Assert.Empty(Synthesize([.. scratchpads, File("mem_11", "/org/docker.md", "# Docker\n- Builds run on the shared runners with buildkit enabled.\n* always pin the base image version\n")]));
        Assert.Empty(Synthesize([.. scratchpads.Take(2)]));
    }

    [Fact]
    public void A_memory_line_that_says_to_run_the_failing_command_gets_a_minimal_modify_instead_of_a_new_note()
    {
        var testing = File("mem_01", "/org/testing.md", "# Testing\n\n- Run the unit tests with `pytest -q tests/unit`.\n- Lint with `ruff`.\n- Run pytest before pushing.\n");

        var draft = Assert.Single(Synthesize([testing], PytestFleet()));

        Assert.Equal((ProposalOperation.Modify, "/org/testing.md", "mem_01", testing.ContentSha256), (draft.Operation, draft.Path, draft.MemoryId, draft.BaseSha256));
        Assert.Equal("# Testing\n\n- Run the unit tests with `python -m pytest -q tests/unit`.\n- Lint with `ruff`.\n- Run python -m pytest before pushing.\n", draft.Content);
        Assert.Equal((DraftKinds.Contradicted, true), (draft.Origin.Kind, draft.Origin.Untrusted));
        Assert.Equal("contradicted|/org/testing.md|tool_failure|missing_command|pytest", draft.Origin.Signature);
        Assert.Equal((7, 20), (draft.Origin.Statistics.Sessions, draft.Origin.Statistics.SessionsRead));
        Assert.Equal(PytestSessions.Select(Id), draft.Origin.EvidenceSessionIds);
        Assert.StartsWith("/org/testing.md tells agents to run `pytest`. A program the agents ran is not installed:", draft.Rationale, StringComparison.Ordinal);
    }

    [Fact]
    public void A_line_that_only_mentions_the_failing_program_is_not_a_contradiction()
    {
        var notes = File("mem_01", "/org/testing.md", "- We use pytest for tests.\n");

        var draft = Assert.Single(Synthesize([notes], PytestFleet()));

        Assert.Equal((DraftKinds.EnvironmentFact, "/org/environment.md"), (draft.Origin.Kind, draft.Path));
    }
}
