using System.Globalization;
using System.Text;

namespace Engram.Postgres;

/// <summary>One token of a text: its index term, and where it stands in the text (UTF-16 offsets, end exclusive).</summary>
internal readonly record struct TextToken(string Term, int Start, int End);

/// <summary>
/// The tokenizer SQLite's full-text tables use (<c>porter unicode61 remove_diacritics 2</c>), so that a query word
/// matches the same documents here as there: a token is a run of letters, digits and private-use characters
/// (combining diacritics inside a run continue it), folded to lower case without diacritics, then Porter-stemmed.
/// Case folding and diacritic removal use .NET's Unicode data where SQLite uses its own tables; they agree on the
/// Latin, Greek and Cyrillic letters text is written in (SQLite removes diacritics from Latin letters only, and so
/// does this).
/// </summary>
internal static class TextTokenizer
{
    /// <summary>The tokens of <paramref name="text"/>, in order; a token's position is its index in the list.</summary>
    public static List<TextToken> Tokenize(string? text)
    {
        var tokens = new List<TextToken>();
        if (string.IsNullOrEmpty(text))
        {
            return tokens;
        }

        var folded = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            // Separators up to the next token character.
            var rune = Read(text, i, out var length);
            if (!IsTokenChar(rune))
            {
                i += length;
                continue;
            }

            var start = i;
            folded.Clear();
            while (i < text.Length)
            {
                rune = Read(text, i, out length);
                if (!IsTokenChar(rune) && !IsDiacritic(rune))
                {
                    break;
                }

                Fold(rune, folded);
                i += length;
            }

            tokens.Add(new TextToken(PorterStemmer.Stem(folded.ToString()), start, i));
        }

        return tokens;
    }

    /// <summary>The terms of a query word or phrase, as FTS5 reads a quoted string: one term per token, in order.</summary>
    public static string[] Terms(string text) => [.. Tokenize(text).Select(token => token.Term)];

    private static Rune Read(string text, int index, out int length)
    {
        if (Rune.DecodeFromUtf16(text.AsSpan(index), out var rune, out length) != System.Buffers.OperationStatus.Done)
        {
            rune = Rune.ReplacementChar;
            length = Math.Max(length, 1);
        }

        return rune;
    }

    /// <summary>unicode61's token characters: categories L*, N* and Co; in ASCII, letters and digits only.</summary>
    private static bool IsTokenChar(Rune rune)
    {
        if (rune.IsAscii)
        {
            var c = (char)rune.Value;
            return c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9');
        }

        return Rune.GetUnicodeCategory(rune) is
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.DecimalDigitNumber
            or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber or UnicodeCategory.PrivateUse;
    }

    /// <summary>The combining diacritical marks, which continue a token and are dropped from it.</summary>
    private static bool IsDiacritic(Rune rune) => rune.Value is >= 0x300 and <= 0x36F;

    private static void Fold(Rune rune, StringBuilder folded)
    {
        if (IsDiacritic(rune))
        {
            return;
        }

        // .NET's invariant casing leaves the Turkish dotted capital I alone; Unicode's (and SQLite's) lower case is 'i'.
        var lower = rune.Value == 0x130 ? new Rune('i') : Rune.ToLowerInvariant(rune);
        if (lower.Value is (>= 0xC0 and <= 0x24F) or (>= 0x1E00 and <= 0x1EFF))
        {
            // A Latin letter with diacritics: its base letter (remove_diacritics 2 also strips several at once).
            foreach (var part in lower.ToString().Normalize(NormalizationForm.FormD).EnumerateRunes())
            {
                if (!IsDiacritic(part))
                {
                    folded.Append(part.ToString());
                }
            }

            return;
        }

        folded.Append(lower.ToString());
    }
}
