using Engram.Dreaming.Findings;
using Engram.Dreaming.Signals;
using Engram.Dreaming.Synthesis;
using Engram.Semantic;

namespace Engram.Dreaming.Tests.Dreaming.Synthesis;

/// <summary>Plain-words steering with the local embedding model, for instructions that share no word with a pattern's labels.</summary>
public sealed class SteeringByMeaningTests : IClassFixture<SteeringByMeaningTests.Model>
{
    private readonly MiniLmEmbedder _embedder;

    public SteeringByMeaningTests(Model model) => _embedder = model.Embedder;

    [Theory]
    [InlineData("ignore formatting mistakes", "format", false)]
    [InlineData("ignore formatting mistakes", "output_length", true)]
    [InlineData("skip badly formatted replies", "format", false)]
    [InlineData("don't bother with too much output", "output_length", false)]
    [InlineData("don't bother with too much output", "format", true)]
    public void An_exclusion_drops_the_feedback_it_means_and_keeps_the_rest(string instructions, string topic, bool kept)
    {
        var (keep, why) = Steering.Parse(instructions, _embedder).Decide(PatternTopics.OfFeedback(topic), "harness_feedback", "The harness answers", "/agents/a/notes.md");

        Assert.Equal(kept, keep);
        if (!kept)
        {
            Assert.Contains("meaning:", why, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(FailureClass.MissingModule, true)]
    [InlineData(FailureClass.MissingCommand, true)]
    [InlineData(FailureClass.Timeout, false)]
    [InlineData(FailureClass.ShellSyntax, false)]
    public void A_restriction_by_meaning_keeps_only_what_it_means(string failureClass, bool kept)
    {
        var steering = Steering.Parse("Only missing dependencies.", _embedder);

        Assert.Equal(kept, steering.Decide(PatternTopics.OfClass(failureClass), "environment_fact", "t", "/org/environment.md").Keep);
    }

    /// <summary>One model for the class: loading it takes a moment.</summary>
    public sealed class Model : IDisposable
    {
        public MiniLmEmbedder Embedder { get; } = new();

        public void Dispose() => Embedder.Dispose();
    }
}
