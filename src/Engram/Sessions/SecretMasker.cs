using System.Text;
using System.Text.RegularExpressions;

namespace Engram.Sessions;

/// <summary>
/// Masks credentials in imported transcript text (messages, tool output, shell logs, raw JSON lines) before it
/// is stored. Each secret becomes <c>[REDACTED:kind]</c>; the marker holds no quote or backslash, so masking a
/// JSON document leaves it valid JSON, and masking twice changes nothing more.
/// </summary>
public static partial class SecretMasker
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
