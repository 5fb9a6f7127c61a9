using Engram.Memories;

namespace Engram.Search.Tests;

/// <summary>
/// The words people type (possessives, quotes, question marks, function words) find what the plain words would: a
/// question ranks by its content words, and a memory sharing only its function words is not a match.
/// </summary>
public sealed class QueryWordsTests : IAsyncLifetime
{
    private SearchWorld _world = null!;
    private string _store = null!;

    public async Task InitializeAsync()
    {
        _world = await SearchWorld.StartAsync();
        _store = await _world.StoreAsync("people", semantic: false);
        await _world.WriteAsync(_store,
            ("/people/caroline.md", "# Caroline\n\nCaroline joined the LGBTQ support group in May.\n"),
            ("/people/melanie.md", "# Melanie\n\nMelanie painted a sunrise with her kids.\n"),
            ("/people/chatter.md", "She did have a lot to say about what they did, and when she did it was after her shift.\n"),
            ("/food/dinner.md", "# Dinner\n\nPasta for dinner on Friday.\n"),
            ("/food/brother.md", "She had dinner with her brother.\n"));
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Theory]
    [InlineData("Caroline's", "/people/caroline.md")]
    [InlineData("Melanie\u2019s?", "/people/melanie.md")]
    [InlineData("'sunrise'", "/people/melanie.md")]
    public async Task A_possessive_or_punctuation_finds_the_memory_naming_the_plain_word(string query, string expected)
    {
        var results = (await _world.Admin.SearchAsync(_store, new SearchRequest(query, SearchMode.Keyword, Limit: 5))).Results;

        Assert.Equal(expected, Assert.Single(results).Path);
    }

    [Theory]
    [InlineData("What was for dinner?", "/food/dinner.md")]
    [InlineData("When did Caroline go to the support group?", "/people/caroline.md")]
    [InlineData("\u201cdinner\u201d\u2026", "/food/dinner.md")]
    public async Task A_question_finds_its_content_words_not_its_function_words(string query, string expected)
    {
        var results = (await _world.Admin.SearchAsync(_store, new SearchRequest(query, SearchMode.Keyword, Limit: 5))).Results;

        Assert.Equal(expected, results[0].Path);
        Assert.DoesNotContain(results, r => r.Path == "/people/chatter.md");
    }

    [Theory]
    [InlineData("what did she have")]
    [InlineData("\"what they did\"")]
    public async Task Function_words_alone_or_in_a_phrase_are_still_searched(string query)
    {
        var results = (await _world.Admin.SearchAsync(_store, new SearchRequest(query, SearchMode.Keyword, Limit: 5))).Results;

        Assert.Equal("/people/chatter.md", results[0].Path);
    }

    [Fact]
    public async Task Function_words_refine_the_ranking_of_what_the_other_words_match()
    {
        var results = (await _world.Admin.SearchAsync(_store, new SearchRequest("Who did she have dinner with?", SearchMode.Keyword, Limit: 5))).Results;

        Assert.Equal(["/food/brother.md", "/food/dinner.md"], results.Select(r => r.Path));
        Assert.DoesNotContain("**she**", results[0].Snippet, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("**dinner**", results[0].Snippet, StringComparison.Ordinal);
    }
}
