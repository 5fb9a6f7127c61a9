using Engram.Semantic;

namespace Engram.Search.Tests;

/// <summary>The shipped Arctic-embed-xs model, run by <see cref="LocalEmbedder"/> from its package's own files.</summary>
public sealed class LocalEmbedderTests
{
    // One model for every test in the class: loading it takes about a second.
    private static readonly LocalEmbedder Arctic = new(LocalModel.ArcticXs);

    private static readonly string[] Passages =
    [
        "To roll back a bad payments release, run kubectl rollout undo on the payments deployment.",
        "Caroline adopted a golden retriever puppy named Max last spring.",
        "The office coffee machine is descaled every Friday afternoon.",
    ];

    [Fact]
    public void Documents_and_queries_are_unit_vectors_of_the_models_width()
    {
        var vectors = Arctic.Embed(Passages, CancellationToken.None).Concat(Arctic.EmbedQueries(["what pet does Caroline have"], CancellationToken.None));
        Assert.All(vectors, v =>
        {
            Assert.Equal(384, v.Length);
            Assert.Equal(1.0, Math.Sqrt(v.Sum(x => (double)x * x)), 4);
        });
    }

    [Fact]
    public void A_query_carries_the_models_instruction_and_a_document_does_not()
    {
        var text = "how do I undo a bad release";
        var asQuery = Arctic.EmbedQueries([text], CancellationToken.None)[0];
        var asDocument = Arctic.Embed([text], CancellationToken.None)[0];
        var prefixed = Arctic.Embed([LocalModel.ArcticXs.QueryPrefix + text], CancellationToken.None)[0];
        Assert.True(Dot(asQuery, asDocument) < 0.99, "a query and the same words as a document embed alike");
        Assert.Equal(1.0, Dot(asQuery, prefixed), 4);
        Assert.NotEmpty(LocalModel.ArcticXs.QueryPrefix);
        Assert.Empty(LocalModel.MiniLm.QueryPrefix);
    }

    [Theory]
    [InlineData("how do I undo a bad release", 0)]
    [InlineData("what pet does Caroline have", 1)]
    [InlineData("when is the coffee maker cleaned", 2)]
    public void A_question_finds_the_passage_that_answers_it(string question, int answer)
    {
        var passages = Arctic.Embed(Passages, CancellationToken.None);
        var query = Arctic.EmbedQueries([question], CancellationToken.None)[0];
        var best = Enumerable.Range(0, passages.Length).MaxBy(i => Dot(query, passages[i]));
        Assert.Equal(answer, best);
    }

    [Fact]
    public void Texts_of_any_lengths_batched_together_embed_as_they_do_alone_and_int8_stays_close_to_float()
    {
        // In float, padding and batching change nothing; int8 quantizes each run's activations with one scale,
        // so a text's vector moves slightly with its batch mates, and with the quantization itself.
        using var exact = new LocalEmbedder(LocalModel.ArcticXs, new LocalEmbedderOptions { Int8 = false });
        string[] texts = ["short", string.Concat(Enumerable.Repeat("a long passage about deploys and rollbacks ", 30)), "a middling sentence about coffee"];
        var together = exact.Embed(texts, CancellationToken.None);
        var quantized = Arctic.Embed(texts, CancellationToken.None);
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.Equal(1.0, Dot(together[i], exact.Embed([texts[i]], CancellationToken.None)[0]), 4);
            Assert.InRange(Dot(together[i], quantized[i]), 0.99, 1.0001);
            Assert.InRange(Dot(quantized[i], Arctic.Embed([texts[i]], CancellationToken.None)[0]), 0.99, 1.0001);
        }
    }

    [Fact]
    public void A_text_longer_than_the_model_reads_is_cut_at_its_limit()
    {
        Assert.Equal(LocalModel.ArcticXs.MaxTokens, Arctic.CountTokens(string.Concat(Enumerable.Repeat("word ", 2_000))));
        Assert.Equal(4, Arctic.CountTokens("hello world"));
    }

    [Fact]
    public void A_model_is_chosen_by_name_and_an_unknown_name_is_refused_naming_the_setting()
    {
        Assert.Same(LocalModel.MiniLm, LocalModel.Named("ALL-MINILM-L6"));
        Assert.Same(LocalModel.Default, LocalModel.Named(null));
        var refused = Assert.Throws<Errors.InvalidRequestException>(() => LocalModel.Named("bert-huge"));
        Assert.Equal(LocalModel.Setting, refused.Field);
        Assert.Contains("arctic-embed-xs", refused.Message, StringComparison.Ordinal);
    }

    private static double Dot(float[] a, float[] b) => a.Zip(b, (x, y) => (double)x * y).Sum();
}
