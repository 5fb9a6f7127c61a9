namespace Engram.Bench;

/// <summary>
/// Textbook Okapi BM25 (k1 = 1.2, b = 0.75) over a fixed set of documents, with lowercase words (runs of
/// letters and digits) as terms and no stemming or stop words: the baseline that retrieval figures are read
/// against. The idf is the non-negative form, ln(1 + (N - n + 0.5) / (n + 0.5)), as Lucene uses, so a word in
/// most documents adds little rather than subtracting.
/// </summary>
internal sealed class PlainBm25
{
    private const double K1 = 1.2;
    private const double B = 0.75;

    private readonly List<Dictionary<string, int>> _documents;
    private readonly List<int> _lengths;
    private readonly Dictionary<string, int> _documentFrequency = new(StringComparer.Ordinal);
    private readonly double _averageLength;

    public PlainBm25(IEnumerable<string> documents)
    {
        _documents = documents.Select(d => Words(d).GroupBy(w => w, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal)).ToList();
        foreach (var term in _documents.SelectMany(d => d.Keys))
        {
            _documentFrequency[term] = _documentFrequency.GetValueOrDefault(term) + 1;
        }

        _lengths = _documents.Select(d => d.Values.Sum()).ToList();
        _averageLength = _lengths.Count == 0 ? 0 : _lengths.Average();
    }

    /// <summary>The indexes of the best <paramref name="limit"/> documents, best first (ties in document order); documents sharing no word are left out.</summary>
    public List<int> Search(string query, int limit)
    {
        var terms = Words(query).Distinct(StringComparer.Ordinal).Where(_documentFrequency.ContainsKey).ToList();
        var count = _documents.Count;
        var scores = new List<(int Index, double Score)>();
        for (var i = 0; i < count; i++)
        {
            var document = _documents[i];
            var length = _lengths[i];
            var score = 0.0;
            foreach (var term in terms)
            {
                if (document.TryGetValue(term, out var frequency))
                {
                    var n = _documentFrequency[term];
                    var idf = Math.Log(1 + (count - n + 0.5) / (n + 0.5));
                    score += idf * frequency * (K1 + 1) / (frequency + K1 * (1 - B + B * length / _averageLength));
                }
            }

            if (score > 0)
            {
                scores.Add((i, score));
            }
        }

        return scores.OrderByDescending(s => s.Score).ThenBy(s => s.Index).Take(limit).Select(s => s.Index).ToList();
    }

    private static IEnumerable<string> Words(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                yield return text[start..i].ToLowerInvariant();
                start = -1;
            }
        }
    }
}
