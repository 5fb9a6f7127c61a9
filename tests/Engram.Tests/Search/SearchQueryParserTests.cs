using CsCheck;
using Engram.Errors;
using Engram.Search;

namespace Engram.Tests.Search;

public sealed class SearchQueryParserTests
{
    [Fact]
    public void Quotes_make_phrases_and_the_rest_are_words()
    {
        var query = SearchQueryParser.Parse("deploy \"error rate\" rollback");
        Assert.Equal([new TextTerm("deploy", false), new TextTerm("error rate", true), new TextTerm("rollback", false)], query.Terms);
    }

    [Fact]
    public void An_unbalanced_quote_ends_at_the_end() =>
        Assert.Equal([new TextTerm("pool", false), new TextTerm("connection exhausted", true)], SearchQueryParser.Parse("pool \"connection exhausted").Terms);

    [Fact]
    public void Operators_and_keywords_are_plain_words()
    {
        var query = SearchQueryParser.Parse("a AND b OR NOT c NEAR(d e) f* ^g h:i");
        Assert.Contains(new TextTerm("NEAR", false), query.Terms);
        Assert.Contains(new TextTerm("f", false), query.Terms);
        Assert.Contains(new TextTerm("h:i", false), query.Terms);
        Assert.Contains(new TextTerm("NOT", false, FunctionWord: true), query.Terms);
    }

    [Theory]
    [InlineData("What is Caroline's identity?", "Caroline identity")]
    [InlineData("Melanie\u2019s kids", "Melanie kids")]
    [InlineData("'pottery' class!", "pottery class")]
    [InlineData("it's", "it")]
    [InlineData("the boss's car", "boss car")]
    public void Possessives_and_punctuation_do_not_skew_a_query(string typed, string words) =>
        Assert.Equal(words.Split(' '), SearchQueryParser.Parse(typed).Terms.Where(t => !t.FunctionWord).Select(t => t.Text));

    [Theory]
    [InlineData("When did Caroline go to the LGBTQ support group?", "Caroline go LGBTQ support group")]
    [InlineData("What did she have for dinner after her shift?", "dinner shift")]
    [InlineData("Why hasn't the deploy finished yet…", "deploy finished yet")]
    [InlineData("\u201cdinner\u201d \u00abparty\u00bb", "dinner party")]
    [InlineData("(rollback)! \u2014 --force", "rollback force")]
    [InlineData("Who\u2019s on call, and what\u2019s the pager?", "call pager")]
    [InlineData("Caroline's?", "Caroline")]
    public void A_question_is_searched_by_its_content_words(string typed, string words) =>
        Assert.Equal(words.Split(' '), SearchQueryParser.Parse(typed).Terms.Where(t => !t.FunctionWord).Select(t => t.Text));

    [Fact]
    public void Function_words_only_refine_unless_nothing_else_is_left()
    {
        Assert.Equal(
            [new TextTerm("how", false, true), new TextTerm("do", false, true), new TextTerm("I", false, true), new TextTerm("undo", false),
             new TextTerm("a", false, true), new TextTerm("bad", false), new TextTerm("release", false)],
            SearchQueryParser.Parse("how do I undo a bad release").Terms);
        Assert.Equal([new TextTerm("the", false), new TextTerm("a", false)], SearchQueryParser.Parse("the a").Terms);
        Assert.Equal([new TextTerm("the who", true)], SearchQueryParser.Parse("\"the who\"").Terms);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_query_is_refused_naming_q(string text) =>
        Assert.Equal("q", Assert.Throws<InvalidRequestException>(() => SearchQueryParser.Parse(text)).Field);

    [Fact]
    public void An_oversized_query_is_refused() =>
        Assert.Throws<InvalidRequestException>(() => SearchQueryParser.Parse(new string('a', 1_001)));

    [Fact]
    public void No_term_ever_carries_a_quote_or_a_control_character() =>
        Gen.String[Gen.Char, 1, 60].Where(text => !string.IsNullOrWhiteSpace(text)).Sample(text =>
        {
            foreach (var term in SearchQueryParser.Parse(text).Terms)
            {
                Assert.DoesNotContain(term.Text, c => c == '"' || char.IsControl(c));
                Assert.Contains(term.Text, char.IsLetterOrDigit);
            }
        }, iter: 2_000);

    [Fact]
    public void A_nul_separates_words() =>
        Assert.Equal(["deploy", "pytest"], SearchQueryParser.Parse("deploy\u0000pytest").Terms.Select(t => t.Text));
}
