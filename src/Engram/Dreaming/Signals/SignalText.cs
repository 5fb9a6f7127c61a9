using System.Text;
using Engram.Sessions;

namespace Engram.Dreaming.Signals;

/// <summary>How signals quote and compare transcript text.</summary>
public static class SignalText
{
    /// <summary>Characters of a quote: evidence a reviewer reads at a glance, never a transcript dump.</summary>
    public const int MaxQuoteChars = 200;

    /// <summary>Words of a message's short form: enough to tell requests apart, few enough that rewordings of the tail still match.</summary>
    public const int ShortFormWords = 12;

    /// <summary>Text on one line, secrets masked, then cut to <see cref="MaxQuoteChars"/> (masking first, so a cut never leaves half a secret).</summary>
    internal static string Quote(string text)
    {
        var line = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        var masked = SecretMasker.Mask(line, out _);
        return Memories.UnicodeText.Ellipsize(masked, MaxQuoteChars);
    }

    /// <summary>Lower-cased, variable parts masked, punctuation dropped, first <see cref="ShortFormWords"/> words.</summary>
    internal static string ShortForm(string text)
    {
        var masked = ErrorTemplates.MaskVariables(SecretMasker.Mask(text, out _));
        return string.Join(' ', Words(masked).Take(ShortFormWords));
    }

    /// <summary>The words of <paramref name="text"/> as short forms compare them: lower-cased, punctuation dropped.</summary>
    internal static IEnumerable<string> Words(string text) => text.ToLowerInvariant()
        .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
        .Select(word => new string([.. word.Where(c => char.IsLetterOrDigit(c) || c is '<' or '>' or '\'' or '-' or '_')]))
        .Where(word => word.Length > 0);

    /// <summary>Common leading and trailing words left out: <c>`pytest` -> `python -m pytest`</c>.</summary>
    internal static string Change(string before, string after)
    {
        var left = before.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var right = after.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var prefix = 0;
        while (prefix < left.Length && prefix < right.Length && left[prefix] == right[prefix])
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < left.Length - prefix && suffix < right.Length - prefix && left[^(suffix + 1)] == right[^(suffix + 1)])
        {
            suffix++;
        }

        if (prefix + suffix == left.Length || prefix + suffix == right.Length)
        {
            // Words were only added or removed: keep the word they stand before (else after) for context.
            if (suffix > 0)
            {
                suffix--;
            }
            else if (prefix > 0)
            {
                prefix--;
            }
        }

        var builder = new StringBuilder();
        builder.Append('`').AppendJoin(' ', left[prefix..^suffix]).Append("` -> `").AppendJoin(' ', right[prefix..^suffix]).Append('`');
        return builder.ToString();
    }
}
