using Engram.Dreaming.Findings;
using Engram.Dreaming.Signals;
using Engram.Dreaming.Synthesis;

namespace Engram.Tests.Dreaming.Synthesis;

public sealed class SteeringTests
{
    private static readonly IReadOnlyList<string> FormatError = PatternTopics.OfFeedback("format");
    private static readonly IReadOnlyList<string> OutputTooLong = PatternTopics.OfFeedback("output_length");
    private static readonly IReadOnlyList<string> MissingModule = PatternTopics.OfClass(FailureClass.MissingModule);
    private static readonly IReadOnlyList<string> Timeout = PatternTopics.OfClass(FailureClass.Timeout);

    private static bool Keeps(string instructions, IReadOnlyList<string> about, string title = "t", string kind = "k", string path = "/org/x.md") =>
        Steering.Parse(instructions, embedder: null).Decide(about, kind, title, path).Keep;

    [Theory]
    [InlineData("ignore format errors")]
    [InlineData("Please ignore format errors.")]
    [InlineData("Don't propose anything about format errors")]
    [InlineData("skip: format errors, flaky tests")]
    [InlineData("We are not interested in format errors.")]
    [InlineData("Don't tell me about format errors.")]
    [InlineData("No format errors please.")]
    [InlineData("Also, nothing about format errors.")]
    public void An_exclusion_in_plain_words_drops_what_it_names_and_nothing_else(string instructions)
    {
        Assert.False(Keeps(instructions, FormatError));
        Assert.True(Keeps(instructions, OutputTooLong));
        Assert.True(Keeps(instructions, MissingModule));
    }

    [Theory]
    [InlineData("only tool configuration problems")]
    [InlineData("Only propose tool configuration problems.")]
    [InlineData("Focus only on tool configuration problems")]
    [InlineData("We only care about tool configuration problems")]
    public void A_restriction_in_plain_words_keeps_only_what_it_names(string instructions)
    {
        Assert.True(Keeps(instructions, MissingModule));
        Assert.False(Keeps(instructions, FormatError));
        Assert.False(Keeps(instructions, Timeout));
    }

    [Fact]
    public void Several_restrictions_add_up_and_an_exclusion_wins_over_a_restriction()
    {
        const string instructions = "Only tool configuration problems and timeouts.\nIgnore anything about pytest.";

        Assert.True(Keeps(instructions, Timeout));
        Assert.True(Keeps(instructions, MissingModule, title: "The `numpy` module is not installed"));
        Assert.False(Keeps(instructions, MissingModule, title: "The `pytest` module is not installed"));
        Assert.False(Keeps(instructions, OutputTooLong));
    }

    [Fact]
    public void Each_decision_says_which_instruction_made_it_and_how_it_matched()
    {
        var steering = Steering.Parse("Look closely at the build.\nignore format errors", embedder: null);

        var (keep, why) = steering.Decide(FormatError, "harness_feedback", "The harness answers: \"Please always provide EXACTLY ONE action\"", "/agents/a/notes.md");

        Assert.False(keep);
        Assert.Equal("the instructions say \"ignore format errors\" (words: format, error)", why);
        Assert.Equal(["ignore format error"], steering.Read);
    }

    [Fact]
    public void Sentences_that_steer_nothing_keep_everything()
    {
        Assert.True(Keeps("Look for problems with the build. Be concise.", FormatError));
        Assert.True(Keeps("Focus on what the harness refuses.", MissingModule)); // "focus on" ranks; the model reads it
        Assert.True(Keeps("", FormatError));
    }

    [Theory]
    [InlineData("Propose patterns seen in at least 5 sessions.", 5, null)]
    [InlineData("min sessions: 7", 7, null)]
    [InlineData("min share: 0.5%", null, 0.005)]
    [InlineData("Don't propose anything that happens in fewer than 20 sessions.", 20, null)]
    [InlineData("Only patterns in more than 9 sessions.", 10, null)]
    [InlineData("Only propose what affects at least 2% of the sessions.", null, 0.02)]
    public void Thresholds_are_read_from_the_instructions(string instructions, int? sessions, double? share)
    {
        var steering = Steering.Parse(instructions, embedder: null);

        Assert.Equal(sessions, steering.MinSessions);
        Assert.Equal(share, steering.MinShare);
        Assert.Empty(steering.Read); // a threshold sentence restricts nothing
    }

    [Fact]
    public void Every_sentence_says_how_the_rules_read_it_so_a_person_sees_what_steered_nothing()
    {
        var steering = Steering.Parse("Ignore format errors. Ignore errors. Look closely at the build. At least 5 sessions.", embedder: null);

        Assert.Equal(
        [
            ("Ignore format errors.", "drop \"format error\""),
            ("Ignore errors.", "too general for the rules (\"error\" fits every pattern): left to the model"),
            ("Look closely at the build.", "no rule: left to the model (a dream without one does not follow it)"),
            ("At least 5 sessions.", "threshold: a pattern needs 5 sessions"),
        ], steering.Readings.Select(r => (r.Sentence, r.Reading)));
        Assert.True(steering.Decide(MissingModule, "environment_fact", "The `pytest` module is not installed", "/org/environment.md").Keep);
    }
}
