using Engram.Dreaming.Analysis;
using Engram.Dreaming.Synthesis;
using Engram.Review;
using static Engram.Tests.Dreaming.Synthesis.SynthesisFleet;

namespace Engram.Tests.Dreaming.Synthesis;

public sealed class DreamSynthesizerTests
{
    private static readonly int[] PytestSessions = [2, 5, 6, 9, 13, 17, 20];

    private const string PytestLine =
        "- `pytest` is not installed here (`/usr/bin/bash: line 13: pytest: command not found`); `python -m pytest` worked instead.";

    private const string UsePnpm = "No, use pnpm instead of npm in this repo";

    private static SynthesisFleet PytestFleet()
    {
        var fleet = new SynthesisFleet();
        foreach (var number in PytestSessions)
        {
            fleet.Session(number, $"agent{number % 3}", e => e.PytestFails(number));
        }

        return fleet.Quiet(1, 20);
    }

    private static IReadOnlyList<DraftProposal> Synthesize(SynthesisInput input, SynthesisOptions? options = null) => new DreamSynthesizer(options).Synthesize(input).Drafts;

    [Fact]
    public void A_failure_in_7_of_20_sessions_yields_one_draft_with_7_of_20_and_evidence_from_exactly_those_7()
    {
        var draft = Assert.Single(Synthesize(Input(PytestFleet().Tally())));

        Assert.Equal((ProposalOperation.Create, "/org/environment.md", null, null), (draft.Operation, draft.Path, draft.MemoryId, draft.BaseSha256));
        Assert.Equal($"# Environment\n\n## Installed tools\n\n{PytestLine}\n", draft.Content);
        Assert.Equal((DraftKinds.EnvironmentFact, "`pytest` is not installed", true), (draft.Origin.Kind, draft.Origin.Title, draft.Origin.Untrusted));
        var statistics = draft.Origin.Statistics;
        Assert.Equal((7, 20, 0), (statistics.Sessions, statistics.SessionsRead, statistics.CounterExamples));
        Assert.Equal(["agent0", "agent1", "agent2"], statistics.Agents);
        Assert.Equal((Start.AddHours(2), Start.AddHours(20)), (statistics.FirstSeen, statistics.LastSeen));
        Assert.Equal(PytestSessions.Select(Id), draft.Origin.EvidenceSessionIds);
        Assert.Equal(7, draft.Origin.Evidence.Count);
        Assert.Empty(draft.Origin.Retires);
        Assert.Equal(
            "A program the agents ran is not installed: `/usr/bin/bash: line 13: pytest: command not found` in 7 of 20 sessions (3 agents, 7 failed attempts); "
            + "7 of them got past it with a related command that worked: `python -m pytest` (7).",
            draft.Rationale);
    }

    [Fact]
    public void A_one_off_failure_yields_no_draft()
    {
        var fleet = new SynthesisFleet().Session(7, "agent1", e => e.PytestFails(7)).Quiet(1, 20);

        Assert.Empty(Synthesize(Input(fleet.Tally())));
    }

    [Fact]
    public void A_pattern_the_store_already_states_yields_no_draft()
    {
        var store = new[] { File("mem_01", "/org/environment.md", "# Environment\n- `pytest` is not installed; run `python -m pytest`.\n") };

        Assert.Empty(Synthesize(Input(PytestFleet().Tally(), store)));
    }

    [Fact]
    public void A_memory_about_the_same_program_does_not_make_an_unrelated_fact_known_but_one_about_the_fact_does()
    {
        var fleet = new SynthesisFleet();
        foreach (var n in new[] { 2, 5, 9 })
        {
            fleet.Session(n, "coder", e => e.Bash($"python3 run{n}.py", "Traceback (most recent call last):\n  File \"run.py\", line 3\nUnicodeEncodeError: 'ascii' codec can't encode character '\\u201c' in position 3: ordinal not in range(128)", isError: true));
        }

        fleet.Quiet(1, 20);
        var unrelated = File("mem_01", "/org/environment.md", "# Environment\n\n- `python3 setup.py develop` fails here; use `pip install -e .` instead.\n");
        var related = File("mem_01", "/org/environment.md", "# Environment\n\n- Python here runs with an ASCII locale; export PYTHONIOENCODING=utf-8.\n");

        var draft = Assert.Single(Synthesize(Input(fleet.Tally(), [unrelated])));
        Assert.Equal(("tool_failure|encoding", false), (draft.Origin.Signature, draft.Origin.Untrusted));
        Assert.Contains("- The locale is not UTF-8 here, so text is encoded as ASCII by default", draft.Content, StringComparison.Ordinal);
        var known = new DreamSynthesizer().Synthesize(Input(fleet.Tally(), [related]));
        Assert.Empty(known.Drafts);
        Assert.Equal("already_known", Assert.Single(known.Considered, p => p.Signature == "tool_failure|encoding").Reason);
    }

    [Fact]
    public void An_existing_target_file_gets_a_modify_that_adds_the_line_in_its_section_and_keeps_its_line_breaks()
    {
        var withNewline = File("mem_01", "/org/environment.md", "# Environment\n\n- The CI runners have 4 cores.\n");
        var without = File("mem_01", "/org/environment.md", "# Environment\r\n\r\n- The CI runners have 4 cores.");

        var modify = Assert.Single(Synthesize(Input(PytestFleet().Tally(), [withNewline])));
        var noTrailing = Assert.Single(Synthesize(Input(PytestFleet().Tally(), [without])));

        Assert.Equal((ProposalOperation.Modify, "mem_01", withNewline.ContentSha256), (modify.Operation, modify.MemoryId, modify.BaseSha256));
        Assert.Equal($"# Environment\n\n- The CI runners have 4 cores.\n\n## Installed tools\n\n{PytestLine}\n", modify.Content);
        Assert.Equal($"# Environment\r\n\r\n- The CI runners have 4 cores.\r\n\r\n## Installed tools\r\n\r\n{PytestLine}\r\n", noTrailing.Content);
    }

    [Fact]
    public void A_file_that_has_the_section_gets_the_line_at_the_end_of_that_section()
    {
        var environment = File("mem_01", "/org/environment.md", "# Environment\n\n## Installed Tools\n\n- `make` is GNU make 4.\n\n## Limits\n\n- 4 cores.\n");

        var modify = Assert.Single(Synthesize(Input(PytestFleet().Tally(), [environment])));

        Assert.Equal($"# Environment\n\n## Installed Tools\n\n- `make` is GNU make 4.\n{PytestLine}\n\n## Limits\n\n- 4 cores.\n", modify.Content);
    }

    [Fact]
    public void Sessions_that_ran_the_failing_program_cleanly_are_counted_as_counter_examples()
    {
        var fleet = PytestFleet();
        foreach (var number in new[] { 21, 22 })
        {
            fleet.Session(number, "agent0", e => e.PytestPasses(number));
        }

        var draft = Assert.Single(Synthesize(Input(fleet.Tally())));

        Assert.Equal((7, 22, 2), (draft.Origin.Statistics.Sessions, draft.Origin.Statistics.SessionsRead, draft.Origin.Statistics.CounterExamples));
        Assert.EndsWith("2 sessions ran `pytest` without the failure.", draft.Rationale, StringComparison.Ordinal);
        Assert.Contains("is not installed here (", draft.Content, StringComparison.Ordinal);
    }

    [Fact]
    public void Counter_examples_outnumbering_the_failures_keep_the_draft_but_say_it_happens_in_some_environments()
    {
        var fleet = PytestFleet();
        for (var number = 21; number <= 30; number++)
        {
            var n = number;
            fleet.Session(n, "agent1", e => e.PytestPasses(n));
        }

        var draft = Assert.Single(Synthesize(Input(fleet.Tally())));

        Assert.Equal(10, draft.Origin.Statistics.CounterExamples);
        Assert.Contains("- `pytest` is not installed in some environments here (", draft.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("10", draft.Content, StringComparison.Ordinal);
        Assert.EndsWith("10 sessions ran `pytest` without the failure.", draft.Rationale, StringComparison.Ordinal);
    }

    [Fact]
    public void A_correction_repeated_by_users_across_agents_yields_a_draft_for_shared_memory()
    {
        var fleet = new SynthesisFleet()
            .Session(3, "coder", e => e.Corrected(UsePnpm))
            .Session(8, "reviewer", e => e.Corrected(UsePnpm))
            .Session(11, "deployer", e => e.Corrected(UsePnpm))
            .Session(15, "coder", e => e.Corrected(UsePnpm))
            .Quiet(1, 20);

        var draft = Assert.Single(Synthesize(Input(fleet.Tally())));

        Assert.Equal((ProposalOperation.Create, "/org/conventions.md", DraftKinds.UserCorrection, false), (draft.Operation, draft.Path, draft.Origin.Kind, draft.Origin.Untrusted));
        Assert.Equal("# Conventions\n\n## Conventions\n\n- Use pnpm instead of npm in this repo\n", draft.Content);
        Assert.Equal(["sesn_03", "sesn_08", "sesn_11", "sesn_15"], draft.Origin.EvidenceSessionIds);
        Assert.Equal(["coder", "deployer", "reviewer"], draft.Origin.Statistics.Agents);
        Assert.Equal("Users corrected agents the same way in 4 of 20 sessions across 3 agents.", draft.Rationale);
    }

    [Fact]
    public void A_remember_request_yields_a_trusted_draft_in_the_users_words_even_from_one_session()
    {
        var fleet = new SynthesisFleet().Session(4, "coder", e => e.User("From now on, deploy to staging before prod.")).Quiet(1, 5);

        var draft = Assert.Single(Synthesize(Input(fleet.Tally())));

        Assert.Equal((ProposalOperation.Create, "/agents/coder/notes.md", DraftKinds.RememberRequest, false), (draft.Operation, draft.Path, draft.Origin.Kind, draft.Origin.Untrusted));
        Assert.Equal("# Notes\n\n## Remembered\n\n- Deploy to staging before prod.\n", draft.Content);
        Assert.Equal((1, 5), (draft.Origin.Statistics.Sessions, draft.Origin.Statistics.SessionsRead));
    }

    [Fact]
    public void Drafts_for_the_same_target_are_separate_proposals_on_the_same_base()
    {
        var environment = File("mem_01", "/org/environment.md", "# Environment\n");
        var findings = ModelFindingClusterTests.Findings("docker-socket", "The docker socket needs sudo", "/org/environment.md", "- Run docker with `sudo`.", 1, 2, 3);

        var drafts = Synthesize(Input(PytestFleet().Tally(), [environment], findings));

        Assert.Equal([DraftKinds.EnvironmentFact, DraftKinds.Model], drafts.Select(d => d.Origin.Kind));
        Assert.All(drafts, d => Assert.Equal((ProposalOperation.Modify, environment.ContentSha256), (d.Operation, d.BaseSha256)));
        Assert.Equal($"# Environment\n\n## Installed tools\n\n{PytestLine}\n", drafts[0].Content);
        Assert.Equal("# Environment\n- Run docker with `sudo`.\n", drafts[1].Content);
    }

    [Fact]
    public void A_model_finding_that_repeats_a_rule_line_for_the_same_target_is_not_drafted_twice()
    {
        var findings = ModelFindingClusterTests.Findings("pytest", "pytest is missing", "/org/environment.md", PytestLine, 2, 5, 6);

        var drafts = Synthesize(Input(PytestFleet().Tally(), findings: findings));

        Assert.Equal(DraftKinds.EnvironmentFact, Assert.Single(drafts).Origin.Kind);
    }

    [Fact]
    public void Shuffled_input_gives_identical_drafts_in_the_same_order()
    {
        var fleet = PytestFleet()
            .Session(3, "coder", e => e.Corrected(UsePnpm))
            .Session(8, "reviewer", e => e.Corrected(UsePnpm))
            .Session(11, "deployer", e => e.Corrected(UsePnpm).User("Remember that the staging database is read-only."));
        var findings = ModelFindingClusterTests.Findings("flaky-network", "Network calls to the registry time out", "/org/environment.md", "- Retry registry pulls.", 1, 4, 7, 12);
        var store = new List<StoreFile>
        {
            File("mem_01", "/org/build.md", StoreCheckTests.BuildNotes),
            File("mem_02", "/agents/coder/build.md", StoreCheckTests.BuildNotes + "- Cache: /tmp.\n"),
            File("mem_03", "/org/old.md", "---\nexpires: 2026-01-01\n---\nThe old cluster is up.\n"),
            File("mem_04", "/agents/a/notes.md", "- Always pin the base image version.\n"),
            File("mem_05", "/agents/b/notes.md", "- always pin the base image version\n"),
            File("mem_06", "/agents/c/notes.md", "* Always pin the base image version!\n"),
        };

        var forward = Synthesize(Input(fleet.Tally(), store, findings));
        var shuffledOrder = fleet.Numbers.OrderBy(n => (n * 7919) % 31).ToList();
        var shuffled = Synthesize(Input(fleet.Tally(shuffledOrder), [.. store.AsEnumerable().Reverse()], [.. findings.AsEnumerable().Reverse()]) with
        {
            Patterns = [.. fleet.Tally(shuffledOrder).Patterns().Reverse()],
        });

        Assert.Equal(
            [DraftKinds.EnvironmentFact, DraftKinds.UserCorrection, DraftKinds.Promote, DraftKinds.Model, DraftKinds.RememberRequest, DraftKinds.Duplicate, DraftKinds.Stale],
            forward.Select(d => d.Origin.Kind));
        Assert.Equal(Describe(forward), Describe(shuffled));
    }

    [Fact]
    public void Instructions_in_plain_words_drop_and_keep_findings_and_the_considered_patterns_say_which_instruction()
    {
        var fleet = PytestFleet()
            .Session(3, "coder", e => e.Corrected(UsePnpm))
            .Session(8, "reviewer", e => e.Corrected(UsePnpm))
            .Session(11, "deployer", e => e.Corrected(UsePnpm));

        Assert.Equal(2, Synthesize(Input(fleet.Tally())).Count);
        Assert.Equal(DraftKinds.UserCorrection, Assert.Single(Synthesize(Input(fleet.Tally(), instructions: "Look closely at what failed.\nignore: pytest, flaky"))).Origin.Kind);
        Assert.Equal(DraftKinds.UserCorrection, Assert.Single(Synthesize(Input(fleet.Tally(), instructions: "- Exclude: /org/environment.md"))).Origin.Kind);
        Assert.Equal(DraftKinds.EnvironmentFact, Assert.Single(Synthesize(Input(fleet.Tally(), instructions: "Only tool configuration problems."))).Origin.Kind);

        var result = new DreamSynthesizer().Synthesize(Input(fleet.Tally(), instructions: "Don't propose anything about missing programs."));
        Assert.Equal(DraftKinds.UserCorrection, Assert.Single(result.Drafts).Origin.Kind);
        var dropped = Assert.Single(result.Considered, p => p.Signature == "tool_failure|missing_command|pytest");
        Assert.Equal(("dropped", "instruction"), (dropped.Decision, dropped.Reason));
        Assert.Equal("the instructions say \"Don't propose anything about missing programs.\" (words: missing, program)", dropped.Detail);
    }

    [Fact]
    public void Instructions_set_the_session_threshold()
    {
        var fleet = new SynthesisFleet().Session(7, "agent1", e => e.PytestFails(7)).Session(9, "agent2", e => e.PytestFails(9)).Quiet(1, 20);

        Assert.Empty(Synthesize(Input(fleet.Tally())));
        Assert.Single(Synthesize(Input(fleet.Tally(), instructions: "Propose patterns seen in at least 2 sessions.")));
    }

    [Fact]
    public void A_directive_inside_a_transcript_is_data_and_filters_nothing()
    {
        var fleet = PytestFleet().Session(1, "agent1", e => e.Agent("Done.").User("ignore: pytest\nonly: nothing"));

        Assert.Equal(DraftKinds.EnvironmentFact, Assert.Single(Synthesize(Input(fleet.Tally()))).Origin.Kind);
    }

    [Fact]
    public void Options_out_of_range_are_refused_naming_the_option()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new DreamSynthesizer(new SynthesisOptions { DuplicateThreshold = 1.5 }));
        Assert.Equal("DuplicateThreshold", error.ParamName);
        Assert.Equal("SharedPath", Assert.Throws<ArgumentException>(() => new DreamSynthesizer(new SynthesisOptions { SharedPath = "team/lessons.md" })).ParamName);
    }
}
