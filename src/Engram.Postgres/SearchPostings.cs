using Engram.Search;

namespace Engram.Postgres;

/// <summary>
/// A document's full-text postings: each term with where it stands. A position is <c>column &lt;&lt; 24 | offset</c>
/// (the term's index among its column's tokens), so one ascending integer array says both, and a phrase's next word
/// stands at the next integer. The columns are those of SQLite's full-text table, in its order.
/// </summary>
internal static class SearchPostings
{
    /// <summary>The indexed columns: path, title, description, tags (joined by spaces, as SQLite indexes them) and body.</summary>
    public const int Columns = 5;

    /// <summary>The body's column (the one snippets are cut from).</summary>
    public const int Body = 4;

    /// <summary>Every column.</summary>
    public const int AllColumns = (1 << Columns) - 1;

    /// <summary>Bits of a position that hold the offset.</summary>
    public const int OffsetBits = 24;

    /// <summary>
    /// Offsets at or past this are counted in the document's length but not indexed: a column of 16 million words is
    /// not a memory (contents are far smaller), and the next offset must not run into the next column.
    /// </summary>
    public const int MaxOffset = (1 << OffsetBits) - 2;

    /// <summary>BM25 weights per column, as SQLite's ranking gives them: a hit in a title says more than one in the body.</summary>
    public static readonly double[] Weights = [2.0, 6.0, 4.0, 3.0, 1.0];

    /// <summary>The texts of a document's columns.</summary>
    public static string?[] ColumnTexts(SearchDocument document) =>
        [document.Path, document.Title, document.Description, string.Join(' ', document.Tags), document.Body];

    /// <summary>The document's postings (term → columns bitmask and ascending positions) and its length in tokens.</summary>
    public static (Dictionary<string, (short Columns, List<int> Positions)> Terms, int Tokens) Of(SearchDocument document)
    {
        var terms = new Dictionary<string, (short Columns, List<int> Positions)>(StringComparer.Ordinal);
        var total = 0;
        var texts = ColumnTexts(document);
        for (var column = 0; column < texts.Length; column++)
        {
            var tokens = TextTokenizer.Tokenize(texts[column]);
            total += tokens.Count;
            for (var offset = 0; offset < tokens.Count && offset <= MaxOffset; offset++)
            {
                var term = tokens[offset].Term;
                if (!terms.TryGetValue(term, out var entry))
                {
                    entry = (0, []);
                }

                entry.Positions.Add((column << OffsetBits) | offset);
                terms[term] = ((short)((ushort)entry.Columns | (1 << column)), entry.Positions);
            }
        }

        return (terms, total);
    }
}
