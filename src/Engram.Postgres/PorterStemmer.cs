using System.Text;

namespace Engram.Postgres;

/// <summary>
/// The Porter stemmer as SQLite's FTS5 <c>porter</c> tokenizer applies it: on the token's UTF-8 bytes (a non-ASCII
/// byte is a consonant), leaving tokens shorter than 3 or longer than <see cref="MaxBytes"/> bytes as they are, and
/// trying only the first rule of a step whose suffix matches.
/// </summary>
internal static class PorterStemmer
{
    /// <summary>FTS5 passes longer tokens through unstemmed.</summary>
    private const int MaxBytes = 64;

    private delegate bool Condition(byte[] word, int stem);

    private sealed record Rule(string Suffix, string Replacement, Condition? When);

    private static readonly Condition MGt0 = (w, n) => Measure(w, n) > 0;
    private static readonly Condition MGt1 = (w, n) => Measure(w, n) > 1;
    private static readonly Condition MGt1SOrT = (w, n) => n > 0 && (w[n - 1] == 's' || w[n - 1] == 't') && Measure(w, n) > 1;
    private static readonly Condition HasVowel = (w, n) => ContainsVowel(w, n);

    // Each step's rules grouped by the suffix's second-last letter (as FTS5's generated code switches on it); within
    // a group the first suffix that matches decides, whether or not its condition holds.
    private static readonly Rule[] Step1B = [new("eed", "ee", MGt0), new("ed", "", HasVowel), new("ing", "", HasVowel)];

    private static readonly Rule[] Step1B2 = [new("at", "ate", null), new("bl", "ble", null), new("iz", "ize", null)];

    private static readonly Rule[] Step2 =
    [
        new("ational", "ate", MGt0), new("tional", "tion", MGt0), new("enci", "ence", MGt0), new("anci", "ance", MGt0), new("izer", "ize", MGt0),
        new("logi", "log", MGt0), new("bli", "ble", MGt0), new("alli", "al", MGt0), new("entli", "ent", MGt0), new("eli", "e", MGt0),
        new("ousli", "ous", MGt0), new("ization", "ize", MGt0), new("ation", "ate", MGt0), new("ator", "ate", MGt0), new("alism", "al", MGt0),
        new("iveness", "ive", MGt0), new("fulness", "ful", MGt0), new("ousness", "ous", MGt0), new("aliti", "al", MGt0), new("iviti", "ive", MGt0),
        new("biliti", "ble", MGt0),
    ];

    private static readonly Rule[] Step3 =
    [
        new("ical", "ic", MGt0), new("ness", "", MGt0), new("icate", "ic", MGt0), new("iciti", "ic", MGt0), new("ful", "", MGt0),
        new("ative", "", MGt0), new("alize", "al", MGt0),
    ];

    private static readonly Rule[] Step4 =
    [
        new("al", "", MGt1), new("ance", "", MGt1), new("ence", "", MGt1), new("er", "", MGt1), new("ic", "", MGt1), new("able", "", MGt1),
        new("ible", "", MGt1), new("ant", "", MGt1), new("ement", "", MGt1), new("ment", "", MGt1), new("ent", "", MGt1),
        new("ion", "", MGt1SOrT), new("ou", "", MGt1), new("ism", "", MGt1), new("ate", "", MGt1), new("iti", "", MGt1),
        new("ous", "", MGt1), new("ive", "", MGt1), new("ize", "", MGt1),
    ];

    /// <summary>The stem of a folded token.</summary>
    public static string Stem(string token)
    {
        var bytes = Encoding.UTF8.GetByteCount(token);
        if (bytes < 3 || bytes > MaxBytes)
        {
            return token;
        }

        var w = new byte[MaxBytes + 8];
        var n = Encoding.UTF8.GetBytes(token, w);

        n = Step1A(w, n);
        if (Apply(w, ref n, Step1B, out var removed) && removed)
        {
            if (!Apply(w, ref n, Step1B2, out _))
            {
                var c = At(w, n - 1);
                if (!IsVowel(c, false) && c != 'l' && c != 's' && c != 'z' && c == At(w, n - 2))
                {
                    n--;
                }
                else if (Measure(w, n) == 1 && EndsCvc(w, n))
                {
                    w[n++] = (byte)'e';
                }
            }
        }

        if (At(w, n - 1) == 'y' && ContainsVowel(w, n - 1))
        {
            w[n - 1] = (byte)'i';
        }

        Apply(w, ref n, Step2, out _);
        Apply(w, ref n, Step3, out _);
        Apply(w, ref n, Step4, out _);

        if (At(w, n - 1) == 'e' && (Measure(w, n - 1) > 1 || (Measure(w, n - 1) == 1 && !EndsCvc(w, n - 1))))
        {
            n--;
        }

        if (n > 1 && w[n - 1] == 'l' && w[n - 2] == 'l' && Measure(w, n - 1) > 1)
        {
            n--;
        }

        return Encoding.UTF8.GetString(w, 0, n);
    }

    private static int Step1A(byte[] w, int n)
    {
        if (w[n - 1] != 's')
        {
            return n;
        }

        if (w[n - 2] == 'e')
        {
            return (n > 4 && w[n - 4] == 's' && w[n - 3] == 's') || (n > 3 && w[n - 3] == 'i') ? n - 2 : n - 1;
        }

        return w[n - 2] != 's' ? n - 1 : n;
    }

    /// <summary>
    /// Applies the first rule of <paramref name="rules"/> that shares the word's second-last letter and whose suffix the
    /// word ends with (and is longer than); true when its condition held and it was applied. <paramref name="shortened"/>
    /// says the rule was one of the removals Step 1b follows up (ed, ing).
    /// </summary>
    private static bool Apply(byte[] w, ref int n, Rule[] rules, out bool shortened)
    {
        shortened = false;
        var key = At(w, n - 2);
        foreach (var rule in rules)
        {
            var suffix = rule.Suffix;
            if (suffix[^2] != key || n <= suffix.Length || !EndsWith(w, n, suffix))
            {
                continue;
            }

            var stem = n - suffix.Length;
            if (rule.When is not null && !rule.When(w, stem))
            {
                return false;
            }

            for (var i = 0; i < rule.Replacement.Length; i++)
            {
                w[stem + i] = (byte)rule.Replacement[i];
            }

            n = stem + rule.Replacement.Length;
            shortened = rule.Suffix is "ed" or "ing";
            return true;
        }

        return false;
    }

    private static bool EndsWith(byte[] w, int n, string suffix)
    {
        for (var i = 0; i < suffix.Length; i++)
        {
            if (w[n - suffix.Length + i] != suffix[i])
            {
                return false;
            }
        }

        return true;
    }

    private static char At(byte[] w, int i) => i >= 0 ? (char)w[i] : '\0';

    private static bool IsVowel(char c, bool yIsVowel) => c is 'a' or 'e' or 'i' or 'o' or 'u' || (yIsVowel && c == 'y');

    /// <summary>Whether each letter of the stem is a consonant ('y' is one after a vowel or at the start).</summary>
    private static bool IsConsonant(byte[] w, int i, bool previousIsConsonant) => !IsVowel((char)w[i], previousIsConsonant);

    /// <summary>Porter's m: the number of vowel-consonant sequences in the first <paramref name="n"/> letters.</summary>
    private static int Measure(byte[] w, int n)
    {
        var m = 0;
        var consonant = false;
        var seenVowel = false;
        for (var i = 0; i < n; i++)
        {
            consonant = IsConsonant(w, i, i == 0 ? false : consonant);
            if (!consonant)
            {
                seenVowel = true;
            }
            else if (seenVowel)
            {
                m++;
                seenVowel = false;
            }
        }

        return m;
    }

    private static bool ContainsVowel(byte[] w, int n)
    {
        for (var i = 0; i < n; i++)
        {
            if (IsVowel((char)w[i], i > 0))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Porter's *o: the stem ends consonant-vowel-consonant, the last not w, x or y.</summary>
    private static bool EndsCvc(byte[] w, int n)
    {
        if (n < 1 || w[n - 1] is (byte)'w' or (byte)'x' or (byte)'y')
        {
            return false;
        }

        var mask = 0;
        var consonant = false;
        for (var i = 0; i < n; i++)
        {
            consonant = IsConsonant(w, i, consonant);
            mask = (mask << 1) | (consonant ? 1 : 0);
        }

        return (mask & 7) == 5;
    }
}
