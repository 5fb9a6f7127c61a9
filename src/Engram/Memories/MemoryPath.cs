using System.Globalization;
using System.Text;
using Engram.Errors;

namespace Engram.Memories;

/// <summary>
/// A validated memory path: starts with <c>/</c>, 1 to 20 segments, no empty, <c>.</c> or <c>..</c>
/// segment, no control or format characters, no U+2028/U+2029, already in NFC (never normalized for
/// you), at most 1,024 UTF-8 bytes. Comparison is ordinal (paths are case-sensitive).
/// </summary>
internal readonly record struct MemoryPath
{
    /// <summary>The compatible API's limit on path length in UTF-8 bytes.</summary>
    public const int MaxBytes = 1_024;

    /// <summary>The compatible API's limit on the number of segments.</summary>
    public const int MaxSegments = 20;

    private MemoryPath(string value) => Value = value;

    /// <summary>The path text, exactly as given.</summary>
    public string Value { get; }

    /// <summary>The number of segments.</summary>
    public int SegmentCount => Value.AsSpan().Count('/');

    /// <summary>The prefix that every descendant of this path starts with (the path plus <c>/</c>).</summary>
    public string DescendantPrefix => Value + "/";

    /// <summary>Validates <paramref name="value"/> or throws an error naming <paramref name="field"/> and the rule.</summary>
    public static MemoryPath Parse(string? value, string field = "path")
    {
        var broken = FindBrokenRule(value);
        return broken is null ? new MemoryPath(value!) : throw new InvalidRequestException(field, broken);
    }

    /// <summary>True when <paramref name="value"/> is a valid path.</summary>
    public static bool IsValid(string? value) => FindBrokenRule(value) is null;

    /// <summary>The paths of this path's ancestors, nearest the root first (<c>/a</c>, <c>/a/b</c> for <c>/a/b/c</c>).</summary>
    public IEnumerable<string> AncestorPaths()
    {
        for (var i = Value.IndexOf('/', 1); i > 0; i = Value.IndexOf('/', i + 1))
        {
            yield return Value[..i];
        }
    }

    /// <inheritdoc />
    public override string ToString() => Value;

    /// <summary>Describes the first rule <paramref name="value"/> breaks, or null when it is a valid path.</summary>
    internal static string? FindBrokenRule(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "is required";
        }

        if (value[0] != '/')
        {
            return $"must start with '/' (got \"{Printable(value)}\")";
        }

        var characterRule = UnicodeText.FindForbiddenCharacter(value);
        if (characterRule is not null)
        {
            return characterRule;
        }

        var bytes = Encoding.UTF8.GetByteCount(value);
        if (bytes > MaxBytes)
        {
            return $"must be at most {MaxBytes:N0} bytes of UTF-8 (got {bytes:N0})";
        }

        var segments = value[1..].Split('/');
        if (segments.Length > MaxSegments)
        {
            return $"must have 1 to {MaxSegments} segments (got {segments.Length})";
        }

        foreach (var segment in segments)
        {
            if (segment.Length == 0)
            {
                return value == "/"
                    ? "must name at least one segment ('/' alone is the store root, not a memory)"
                    : "must not contain an empty segment ('//' or a trailing '/')";
            }

            if (segment is "." or "..")
            {
                return "must not contain '.' or '..' segments";
            }
        }

        if (!value.IsNormalized(NormalizationForm.FormC))
        {
            return "must already be in Unicode normalization form C (NFC); Engram never normalizes paths";
        }

        return null;
    }

    private static string Printable(string value) =>
        value.Length <= 80 ? value : string.Concat(value.AsSpan(0, 77), "...");
}

/// <summary>Text-field rules other features share.</summary>
internal static class UnicodeTextRules
{
    /// <summary>Returns <paramref name="text"/> when it is valid Unicode of at most <paramref name="maxCharacters"/> characters, else refuses it naming <paramref name="field"/>.</summary>
    public static string Bounded(string text, string field, int maxCharacters) => UnicodeText.RequireBoundedText(text, field, maxCharacters);
}

/// <summary>Character-level rules shared by paths and names.</summary>
internal static class UnicodeText
{
    /// <summary>Index of the first unpaired UTF-16 surrogate, or -1 when the text is valid Unicode.</summary>
    public static int FindUnpairedSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// The path rule broken by the first unpaired surrogate, control character, format character or
    /// line/paragraph separator in <paramref name="text"/>; null when there is none.
    /// </summary>
    public static string? FindForbiddenCharacter(string text)
    {
        var bad = FindUnpairedSurrogate(text);
        if (bad >= 0)
        {
            return $"must be valid Unicode (unpaired surrogate U+{(int)text[bad]:X4} at index {bad})";
        }

        var index = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (rune.Value is 0x2028 or 0x2029)
            {
                return $"must not contain the line or paragraph separator U+{rune.Value:X4} (at index {index})";
            }

            if (category == UnicodeCategory.Control)
            {
                return $"must not contain control characters (U+{rune.Value:X4} at index {index})";
            }

            if (category == UnicodeCategory.Format)
            {
                return $"must not contain format characters (U+{rune.Value:X4} at index {index})";
            }

            index += rune.Utf16SequenceLength;
        }

        return null;
    }

    /// <summary>Returns <paramref name="text"/> when it is valid Unicode of at most <paramref name="maxCharacters"/> characters, else refuses it naming <paramref name="field"/>.</summary>
    public static string RequireBoundedText(string text, string field, int maxCharacters)
    {
        if (FindUnpairedSurrogate(text) >= 0)
        {
            throw new InvalidRequestException(field, "must be valid Unicode");
        }

        var length = CountCharacters(text);
        return length <= maxCharacters
            ? text
            : throw new InvalidRequestException(field, $"must be at most {maxCharacters:N0} characters (got {length:N0})");
    }

    /// <summary>Number of Unicode scalar values (what a person counts as characters, near enough).</summary>
    /// <summary>
    /// <paramref name="text"/> cut to at most <paramref name="maxChars"/> UTF-16 units ending in "…" when it is longer,
    /// never splitting a surrogate pair (a cut emoji would make the text invalid content).
    /// </summary>
    public static string Ellipsize(string text, int maxChars)
    {
        if (text.Length <= maxChars)
        {
            return text;
        }

        var keep = maxChars - 1;
        if (keep > 0 && char.IsHighSurrogate(text[keep - 1]))
        {
            keep--;
        }

        return string.Concat(text.AsSpan(0, keep), "…");
    }

    public static int CountCharacters(string text)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            count++;
        }

        return count;
    }

    /// <summary>True when <paramref name="text"/> holds a control character (C0, DEL or C1).</summary>
    public static bool HasControlCharacter(string text)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsControl(rune))
            {
                return true;
            }
        }

        return false;
    }
}
