using Engram.Dreaming.Synthesis;

namespace Engram.Tests.Dreaming.Synthesis;

public sealed class SynthesisInstructionsTests
{
    [Fact]
    public void Ignore_and_exclude_lines_drop_drafts_that_mention_a_term_anywhere()
    {
        var instructions = SynthesisInstructions.Parse("Look for build problems.\n- Ignore: pytest, \"flaky\"\nEXCLUDE: /agents/");

        Assert.Equal(["pytest", "flaky", "/agents/"], instructions.Excluded);
        Assert.False(instructions.Keeps("recovered_failure", "recovered_retry|Bash|x|python -m pytest", "t", "/org/environment.md"));
        Assert.False(instructions.Keeps("model", "model|net", "Flaky network", "/org/environment.md"));
        Assert.False(instructions.Keeps("remember_request", "s", "t", "/agents/coder/notes.md"));
        Assert.True(instructions.Keeps("user_correction", "user_correction|use pnpm", "Users say use pnpm", "/org/conventions.md"));
    }

    [Fact]
    public void Only_lines_keep_just_the_drafts_that_mention_one_of_their_terms()
    {
        var instructions = SynthesisInstructions.Parse("only: duplicate\nonly: stale");

        Assert.True(instructions.Keeps("duplicate", "duplicate|/a|/b", "Merge", "/a"));
        Assert.True(instructions.Keeps("stale", "stale|/a", "Delete", "/a"));
        Assert.False(instructions.Keeps("model", "model|x", "x", "/org/x.md"));
    }

    [Fact]
    public void Lines_that_are_not_directives_and_missing_instructions_keep_everything()
    {
        Assert.Same(SynthesisInstructions.None, SynthesisInstructions.Parse(null));
        var prose = SynthesisInstructions.Parse("Please ignore the noise: focus on failures.\nignore:");
        Assert.Empty(prose.Excluded);
        Assert.Empty(prose.Only);
        Assert.True(prose.Keeps("model", "model|noise", "noise", "/org/x.md"));
    }
}
