using System.Numerics;

namespace Engram.Sessions.Formats;

/// <summary>
/// Replaces escapes of lone UTF-16 surrogates (<c>\ud83d</c> without its pair) with <c>\ufffd</c>, in place. JavaScript
/// writes them when a string was cut inside a surrogate pair (a Node harness cutting a tool output in the middle of an
/// emoji), and System.Text.Json parses such JSON but throws <see cref="InvalidOperationException"/> whenever the string,
/// or a property name holding one, is read or compared, so one escape would fail every read of its record and of the
/// format detection that looks at it. Replaced, the string reads with a replacement character, as invalid UTF-8 does.
/// The replacement has the escape's length, so offsets and line lengths stay true.
/// </summary>
internal static class JsonEscapes
{
    /// <summary>The length of one <c>\uXXXX</c> escape.</summary>
    private const int EscapeLength = 6;

    /// <summary>What a lone surrogate's escape becomes: U+FFFD, the replacement character, escaped to the same length.</summary>
    private const string Replacement = "\\ufffd";

    private const int NoEscape = -1;
    private const int Incomplete = -2;

    /// <summary><paramref name="text"/> with its lone surrogate escapes replaced; the same instance when it has none.</summary>
    public static string ReplaceLoneSurrogates(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.AsSpan().IndexOf("\\u", StringComparison.Ordinal) < 0)
        {
            return text;
        }

        var chars = text.ToCharArray();
        Replace(chars.AsSpan(), final: true, out var replaced);
        return replaced ? new string(chars) : text;
    }

    /// <summary>
    /// Replaces the lone surrogate escapes of the UTF-8 JSON text in <paramref name="utf8"/> and returns how much of it
    /// is settled. Unless <paramref name="final"/>, an escape cut by the end of the span (or a high surrogate whose
    /// partner may follow) is left for the next call, which must start at the returned length.
    /// </summary>
    public static int ReplaceLoneSurrogates(Span<byte> utf8, bool final) => Replace(utf8, final, out _);

    private static int Replace<T>(Span<T> text, bool final, out bool replaced)
        where T : unmanaged, IBinaryInteger<T>
    {
        replaced = false;
        var i = 0;
        while (true)
        {
            var next = text[i..].IndexOf(T.CreateTruncating('\\'));
            if (next < 0)
            {
                return text.Length;
            }

            i += next;
            var unit = Escape(text, i);
            if (unit == Incomplete)
            {
                return final ? text.Length : i;
            }

            if (unit == NoEscape)
            {
                i += 2; // another escape (\\, \", \n): its second character is never the start of one
                continue;
            }

            if (char.IsHighSurrogate((char)unit))
            {
                var low = Escape(text, i + EscapeLength);
                if (low == Incomplete && !final)
                {
                    return i;
                }

                if (low >= 0 && char.IsLowSurrogate((char)low))
                {
                    i += 2 * EscapeLength;
                    continue;
                }
            }

            if (char.IsSurrogate((char)unit))
            {
                for (var k = 0; k < EscapeLength; k++)
                {
                    text[i + k] = T.CreateTruncating(Replacement[k]);
                }

                replaced = true;
            }

            i += EscapeLength;
        }
    }

    /// <summary>The code unit of the <c>\uXXXX</c> escape at <paramref name="at"/>; <see cref="NoEscape"/> when there is none; <see cref="Incomplete"/> when the text ends before it can be told.</summary>
    private static int Escape<T>(Span<T> text, int at)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (at >= text.Length)
        {
            return Incomplete;
        }

        if (text[at] != T.CreateTruncating('\\'))
        {
            return NoEscape;
        }

        if (at + 1 >= text.Length)
        {
            return Incomplete;
        }

        if (text[at + 1] != T.CreateTruncating('u'))
        {
            return NoEscape;
        }

        if (at + EscapeLength > text.Length)
        {
            return Incomplete;
        }

        var unit = 0;
        for (var k = at + 2; k < at + EscapeLength; k++)
        {
            var digit = HexDigit(int.CreateTruncating(text[k]));
            if (digit < 0)
            {
                return NoEscape; // not an escape the parser accepts: it reports the record
            }

            unit = (unit << 4) | digit;
        }

        return unit;
    }

    private static int HexDigit(int c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
