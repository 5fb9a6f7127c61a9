using System.Security.Cryptography;
using System.Text;
using CsCheck;
using Engram.Errors;
using Engram.Memories;

namespace Engram.Tests.Memories;

public sealed class MemoryContentTests
{
    [Fact]
    public void Hash_of_empty_content_is_the_sha256_of_no_bytes() =>
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", MemoryContent.Sha256(""));

    [Fact]
    public void Hash_applies_no_normalization()
    {
        var composed = "caf\u00e9";
        var decomposed = "cafe\u0301";
        Assert.NotEqual(MemoryContent.Sha256(composed), MemoryContent.Sha256(decomposed));
        Assert.NotEqual(MemoryContent.Sha256("a\n"), MemoryContent.Sha256("a\r\n"));
        Assert.NotEqual(MemoryContent.Sha256("\ufeffa"), MemoryContent.Sha256("a"));
    }

    [Fact]
    public void Hash_is_the_sha256_of_the_exact_utf8_bytes_for_any_text()
    {
        var anyScalar = Gen.Int[0, 0x10FFFF]
            .Where(c => c is < 0xD800 or > 0xDFFF)
            .Select(c => char.ConvertFromUtf32(c));
        string[] trickyParts = ["e\u0301", "\u00e9", "😀", "𝄞", "\r\n", "\0", "\ufeff", "中", "\u2028"];
        var tricky = Gen.Int[0, trickyParts.Length - 1].Select(i => trickyParts[i]);
        var text = Gen.OneOf(anyScalar, tricky).Array[0, 64].Select(parts => string.Concat(parts));

        text.Sample(s =>
        {
            var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(s)));
            Assert.Equal(expected, MemoryContent.Sha256(s));
            Assert.Equal(64, MemoryContent.Sha256(s).Length);
        }, iter: 5_000);
    }

    [Fact]
    public void Content_up_to_102400_utf8_bytes_is_accepted_and_one_more_is_refused()
    {
        Assert.Equal(102_400, MemoryContent.Validate(new string('a', 102_400)));
        var error = Assert.Throws<ContentTooLargeException>(() => MemoryContent.Validate(new string('a', 102_401)));
        Assert.Equal(ErrorType.TooLarge, error.Type);
        Assert.Contains("102,400", error.Message, StringComparison.Ordinal);

        // Three-byte characters: 34,134 of them are 102,402 bytes, though far fewer UTF-16 units.
        Assert.Throws<ContentTooLargeException>(() => MemoryContent.Validate(new string('中', 34_134)));
    }

    [Fact]
    public void Content_with_an_unpaired_surrogate_is_refused() =>
        Assert.Contains("valid Unicode", Assert.Throws<InvalidRequestException>(() => MemoryContent.Validate("a\udc00")).Message, StringComparison.Ordinal);

    [Fact]
    public void Missing_content_is_refused() =>
        Assert.Equal("content", Assert.Throws<InvalidRequestException>(() => MemoryContent.Validate(null)).Field);

    [Fact]
    public void Decoding_keeps_a_byte_order_mark_and_names_the_first_invalid_byte()
    {
        Assert.Equal("\ufeffhi", MemoryContent.DecodeUtf8([0xEF, 0xBB, 0xBF, (byte)'h', (byte)'i']));
        var error = Assert.Throws<InvalidRequestException>(() => MemoryContent.DecodeUtf8([(byte)'o', (byte)'k', 0xC3, 0x28]));
        Assert.Contains("byte offset 2", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855")]
    [InlineData("e3b0")]
    [InlineData("zz0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    public void Expected_hashes_must_be_64_lowercase_hex_characters(string value) =>
        Assert.Equal("precondition.content_sha256", Assert.Throws<InvalidRequestException>(() => MemoryContent.ValidateSha256(value, "precondition.content_sha256")).Field);
}
