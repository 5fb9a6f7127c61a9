using Engram.Search;

namespace Engram.Postgres;

/// <summary>A phrase of a full-text expression: its terms in order, and the columns (a bitmask) it may match in.</summary>
internal sealed record TextPhrase(string[] Terms, int Columns = SearchPostings.AllColumns)
{
    /// <summary>The phrase of a query word or quoted phrase, tokenized as the documents were.</summary>
    public static TextPhrase Of(TextTerm term) => new(TextTokenizer.Terms(term.Text));

    /// <summary>The same phrase matched only in <paramref name="columns"/>.</summary>
    public TextPhrase In(int columns) => this with { Columns = columns };

    /// <summary>True when the phrase can match at all (a term with no word characters has no tokens).</summary>
    public bool IsEmpty => Terms.Length == 0;
}

/// <summary>
/// One ranked run of a search, as SQLite's FTS5 expressions give it: the memories matching any of
/// <see cref="Match"/> and none of <see cref="Exclude"/>, ordered by BM25 summed over <see cref="Rank"/> (a phrase
/// listed twice counts twice, as FTS5 sums over every phrase of the expression) or, with no ranking, newest first;
/// snippets mark <see cref="Highlight"/>.
/// </summary>
internal sealed record TextTier(IReadOnlyList<TextPhrase> Match, IReadOnlyList<TextPhrase> Exclude, IReadOnlyList<TextPhrase>? Rank, IReadOnlyList<TextPhrase> Highlight)
{
    /// <summary>
    /// A term matching at least this many memories of a store is common: BM25 over all its matches would cost
    /// milliseconds per thousand, and its inverse document frequency says little anyway (SQLite's constant).
    /// </summary>
    public const int CommonMatches = 2_000;

    /// <summary>Where a common word ranks, broadest first: path, title, description and tags; title and description; title.</summary>
    private static readonly int[] DescribingColumns = [0b01111, 0b00110, 0b00010];

    /// <summary>
    /// The tiers to run in turn for <paramref name="query"/>, as SQLite's backend builds them: plain BM25 while the
    /// words are selective (function words refining it at half weight, unless common), else the selective words' BM25,
    /// then the common words' BM25 where they describe the memory (path, title, description, tags; narrowed while
    /// that is common too), then the rest newest first. <paramref name="isCommon"/> says whether memories matching
    /// any of the phrases number <see cref="CommonMatches"/> or more.
    /// </summary>
    public static async Task<List<TextTier>> OfAsync(TextQuery query, Func<IReadOnlyList<TextPhrase>, Task<bool>> isCommon)
    {
        var words = query.Terms.Where(term => !term.FunctionWord).ToList();
        if (words.Count == 0)
        {
            words = [.. query.Terms]; // nothing but function words: they are all the query has
        }

        var wordPhrases = words.Select(TextPhrase.Of).ToList();
        var common = new List<TextPhrase>();
        foreach (var phrase in wordPhrases.Where(phrase => !phrase.IsEmpty))
        {
            if (await isCommon([phrase]).ConfigureAwait(false))
            {
                common.Add(phrase);
            }
        }

        if (common.Count == 0)
        {
            var refining = new List<TextPhrase>();
            foreach (var phrase in query.Terms.Except(words).Select(TextPhrase.Of).Where(phrase => !phrase.IsEmpty))
            {
                if (!await isCommon([phrase]).ConfigureAwait(false))
                {
                    refining.Add(phrase);
                }
            }

            var rank = refining.Count == 0 ? wordPhrases : [.. wordPhrases, .. wordPhrases, .. refining];
            return [new TextTier(wordPhrases, [], rank, wordPhrases)];
        }

        var selective = wordPhrases.Except(common).ToList();
        var tiers = new List<TextTier>();
        var excluded = new List<TextPhrase>();
        if (selective.Count > 0)
        {
            tiers.Add(new TextTier(selective, [], selective, selective));
            excluded.AddRange(selective);
        }

        List<TextPhrase>? described = null;
        foreach (var columns in DescribingColumns)
        {
            var narrowed = common.ConvertAll(phrase => phrase.In(columns));
            if (!await isCommon(narrowed).ConfigureAwait(false))
            {
                described = narrowed;
                break;
            }
        }

        if (described is not null)
        {
            tiers.Add(new TextTier(described, [.. excluded], [.. described, .. excluded], [.. described, .. excluded]));
            excluded.AddRange(described);
        }

        tiers.Add(new TextTier(common, excluded, null, [.. common, .. excluded]));
        return tiers;
    }
}
