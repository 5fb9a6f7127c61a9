using Engram.Memories;

namespace Engram.Search.Tests;

/// <summary>The words people type (possessives, quotes, question marks) find what the plain words would.</summary>
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
            ("/people/melanie.md", "# Melanie\n\nMelanie painted a sunrise with her kids.\n"));
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
}
