using System.Globalization;
using System.Text;
using CsCheck;
using Engram.Errors;
using Engram.Memories;

namespace Engram.Tests.Memories;

public sealed class MemoryPathTests
{
    [Theory]
    [InlineData("/a")]
    [InlineData("/notes/todo.md")]
    [InlineData("/Notes/TODO.md")]
    [InlineData("/.hidden/x")]
    [InlineData("/a/.../b")]
    [InlineData("/with space/and-dash_underscore.md")]
    [InlineData("/日本語/メモ.md")]
    [InlineData("/emoji/😀.md")]
    [InlineData("/café")]
    [InlineData("/back\\slash")]
    [InlineData("/percent%2e%2e")]
    public void Valid_paths_are_accepted_unchanged(string path)
    {
        var parsed = MemoryPath.Parse(path);
        Assert.Equal(path, parsed.Value);
    }

    [Theory]
    [InlineData("", "is required")]
    [InlineData("notes.md", "must start with '/'")]
    [InlineData("/", "at least one segment")]
    [InlineData("/a//b", "empty segment")]
    [InlineData("/a/", "empty segment")]
    [InlineData("/a/./b", "'.' or '..'")]
    [InlineData("/a/../b", "'.' or '..'")]
    [InlineData("/..", "'.' or '..'")]
    [InlineData("/a\u0000b", "control characters")]
    [InlineData("/a\nb", "control characters")]
    [InlineData("/a\u007fb", "control characters")]
    [InlineData("/a\u0085b", "control characters")]
    [InlineData("/a\u200bb", "format characters")]
    [InlineData("/a\u00adb", "format characters")]
    [InlineData("/\ufeffa", "format characters")]
    [InlineData("/a\u2028b", "U+2028")]
    [InlineData("/a\u2029b", "U+2029")]
    [InlineData("/cafe\u0301", "NFC")]
    public void Invalid_paths_are_refused_naming_the_field_and_rule(string path, string rule)
    {
        var error = Assert.Throws<InvalidRequestException>(() => MemoryPath.Parse(path));
        Assert.Equal("path", error.Field);
        Assert.Equal("invalid_request_error", error.Code);
        Assert.StartsWith("path: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(rule, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_path_with_an_unpaired_surrogate_is_refused()
    {
        // Built at run time: attribute arguments cannot carry an unpaired surrogate.
        var path = "/a" + (char)0xD800 + "b";
        Assert.Contains("unpaired surrogate", Assert.Throws<InvalidRequestException>(() => MemoryPath.Parse(path)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Twenty_segments_are_allowed_and_twenty_one_are_not()
    {
        var twenty = string.Concat(Enumerable.Repeat("/s", 20));
        Assert.True(MemoryPath.IsValid(twenty));
        var error = Assert.Throws<InvalidRequestException>(() => MemoryPath.Parse(twenty + "/s"));
        Assert.Contains("1 to 20 segments (got 21)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Length_is_counted_in_utf8_bytes_up_to_1024()
    {
        var exactly = "/" + new string('a', 1023);
        Assert.True(MemoryPath.IsValid(exactly));
        Assert.False(MemoryPath.IsValid(exactly + "a"));

        // 341 three-byte characters plus '/' is 1,024 bytes; one more is over, though only 343 UTF-16 units long.
        var cjk = "/" + new string('中', 341);
        Assert.Equal(1024, Encoding.UTF8.GetByteCount(cjk));
        Assert.True(MemoryPath.IsValid(cjk));
        var error = Assert.Throws<InvalidRequestException>(() => MemoryPath.Parse(cjk + "中"));
        Assert.Contains("at most 1,024 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_nfc_path_is_refused_not_normalized()
    {
        var decomposed = "/cafe\u0301.md";
        Assert.False(MemoryPath.IsValid(decomposed));
        Assert.True(MemoryPath.IsValid(decomposed.Normalize(NormalizationForm.FormC)));
    }

    [Fact]
    public void Ancestors_are_listed_nearest_the_root_first()
    {
        Assert.Equal(["/a", "/a/b"], MemoryPath.Parse("/a/b/c").AncestorPaths());
        Assert.Empty(MemoryPath.Parse("/a").AncestorPaths());
    }

    [Fact]
    public void Validation_accepts_exactly_the_paths_the_reference_rules_accept()
    {
        string[] fragments =
        [
            "/", "/", "/", "a", "B", "z9", ".", "..", "-", " ", "\\", "%2e", "\0", "\t", "\u007f", "\u0085",
            "\u00ad", "\u200b", "\u200d", "\ufeff", "\u2028", "\u2029", "e", "\u0301", "\u00e9", "ü", "中",
            "😀", "\ud83d", "\ude00", new string('a', 100), new string('中', 60), "/x/y/z/w",
        ];
        var gen = Gen.Int[0, fragments.Length - 1].Array[0, 40]
            .Select(indexes => string.Concat(indexes.Select(i => fragments[i])));
        var withLeadingSlash = gen.Select(s => "/" + s);

        Gen.OneOf(gen, withLeadingSlash, withLeadingSlash).Sample(path =>
            Assert.True(
                MemoryPath.IsValid(path) == ReferenceIsValid(path),
                $"disagreement on \"{Escape(path)}\": implementation says {MemoryPath.IsValid(path)}"),
            iter: 20_000);
    }

    /// <summary>The compatible API's path rules, written out plainly.</summary>
    private static bool ReferenceIsValid(string s)
    {
        if (s.Length == 0 || s[0] != '/')
        {
            return false;
        }

        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(s[i]))
            {
                return false;
            }
        }

        foreach (var rune in s.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format || rune.Value is 0x2028 or 0x2029)
            {
                return false;
            }
        }

        if (Encoding.UTF8.GetByteCount(s) > 1024)
        {
            return false;
        }

        var segments = s[1..].Split('/');
        return segments.Length is >= 1 and <= 20
            && segments.All(segment => segment.Length > 0 && segment != "." && segment != "..")
            && s.IsNormalized(NormalizationForm.FormC);
    }

    private static string Escape(string s) =>
        string.Concat(s.Select(c => c is < ' ' or > '~' ? $"\\u{(int)c:x4}" : c.ToString()));
}
