using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Engram.Sessions;

/// <summary>
/// Masks credentials in imported transcript text (messages, tool output, shell logs, raw JSON lines) before it
/// is stored. Each secret becomes <c>[REDACTED:kind]</c>; the marker holds no quote or backslash, so masking a
/// JSON document leaves it valid JSON, and masking twice changes nothing more.
/// </summary>
internal static partial class SecretMasker
{
    private const string MarkerStart = "[REDACTED:";

    /// <summary>
    /// False when <paramref name="text"/> certainly holds no secret <see cref="Mask"/> would find; true when it
    /// might. One vectorized scan, for callers that want to skip work on clean text.
    /// </summary>
    public static bool MightContainSecret(ReadOnlySpan<char> text) => text.ContainsAny(AnyTrigger);

    /// <summary>
    /// <paramref name="text"/> with every secret replaced by <c>[REDACTED:kind]</c> (the key name of an
    /// assignment such as <c>password=</c> is kept, only its value is replaced). Returns the same instance
    /// when nothing was masked. <paramref name="masked"/> is the number of secrets replaced.
    /// </summary>
    /// <exception cref="RegexMatchTimeoutException">A pathological input exceeded the scan guard; treat the text as unreadable rather than store it unmasked.</exception>
    public static string Mask(string text, out int masked)
    {
        ArgumentNullException.ThrowIfNull(text);
        masked = 0;
        if (!MightContainSecret(text))
        {
            return text;
        }

        // Masking a secret can expose another that abutted it (a token glued to the end of a key no longer follows
        // a letter once the key is a marker), so passes repeat until one masks nothing: masking is idempotent.
        for (var pass = 0; pass < MaxPasses; pass++)
        {
            var before = masked;
            foreach (var rule in Rules)
            {
                if (text.AsSpan().ContainsAny(rule.Triggers))
                {
                    text = Apply(rule, text, ref masked);
                }
            }

            if (masked == before)
            {
                break;
            }
        }

        return text;
    }

    /// <summary>
    /// <see cref="Mask"/> for text that may hold JSON string escapes (a raw record, a tool's JSON input): a secret
    /// written with <c>\u</c> escapes (<c>sk\u002dant…</c>) is masked too. Only when such a secret is found is the
    /// text returned with its <c>\u</c> escapes of printable characters written out (the same JSON, read alike);
    /// otherwise it is <see cref="Mask"/>'s answer.
    /// </summary>
    /// <exception cref="RegexMatchTimeoutException">As <see cref="Mask"/>.</exception>
    public static string MaskEscaped(string text, out int masked)
    {
        var direct = Mask(text, out masked);
        if (!direct.Contains("\\u", StringComparison.Ordinal))
        {
            return direct;
        }

        var decoded = DecodeUnicodeEscapes(direct);
        if (ReferenceEquals(decoded, direct))
        {
            return direct;
        }

        var again = Mask(decoded, out var hidden);
        if (hidden == 0)
        {
            return direct;
        }

        masked += hidden;
        return again;
    }

    /// <summary>
    /// <paramref name="text"/> with each JSON <c>\uXXXX</c> escape of a character that may stand unescaped in a JSON
    /// string (not a control character, quote or backslash; a surrogate only as a whole pair) written as that
    /// character. An escaped backslash is passed over, so <c>\\u0041</c> stays as it is. The same instance when
    /// nothing was decoded.
    /// </summary>
    internal static string DecodeUnicodeEscapes(string text)
    {
        StringBuilder? result = null;
        var copied = 0;
        for (var i = 0; i < text.Length - 1; i++)
        {
            if (text[i] != '\\')
            {
                continue;
            }

            if (text[i + 1] != 'u' || !TryHex(text, i + 2, out var c))
            {
                i++; // another escape (an escaped backslash among them): its second character is not a new escape
                continue;
            }

            var length = 6;
            string decoded;
            if (char.IsHighSurrogate(c) && i + 12 <= text.Length && text[i + 6] == '\\' && text[i + 7] == 'u' && TryHex(text, i + 8, out var low) && char.IsLowSurrogate(low))
            {
                decoded = new string([c, low]);
                length = 12;
            }
            else if (c < ' ' || c is '"' or '\\' || char.IsSurrogate(c))
            {
                i += 5;
                continue;
            }
            else
            {
                decoded = c.ToString();
            }

            result ??= new StringBuilder(text.Length);
            result.Append(text, copied, i - copied).Append(decoded);
            copied = i + length;
            i += length - 1;
        }

        return result is null ? text : result.Append(text, copied, text.Length - copied).ToString();
    }

    private static bool TryHex(string text, int start, out char value)
    {
        var parsed = ushort.TryParse(text.AsSpan(start, Math.Min(4, text.Length - start)), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code);
        value = (char)code;
        return parsed && start + 4 <= text.Length;
    }

    /// <summary>Passes over one text at most: each but the last masks at least one secret, and secrets glued end to end are rare.</summary>
    private const int MaxPasses = 8;

    private static string Apply(SecretRule rule, string text, ref int masked)
    {
        StringBuilder? result = null;
        var copied = 0;
        for (var match = rule.Pattern.Match(text); match.Success; match = match.NextMatch())
        {
            Capture secret = rule.SecretGroup < 0 ? match : match.Groups[rule.SecretGroup];
            if (rule.Accepts is { } accepts && !accepts(match))
            {
                continue;
            }

            result ??= new StringBuilder(text.Length);
            result.Append(text, copied, secret.Index - copied).Append(MarkerStart).Append(rule.Kind).Append(']');
            copied = secret.Index + secret.Length;
            masked++;
        }

        return result is null ? text : result.Append(text, copied, text.Length - copied).ToString();
    }
}
