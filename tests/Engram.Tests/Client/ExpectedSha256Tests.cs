using Engram.Client;
using Engram.Errors;

namespace Engram.Tests.Client;

public sealed class ExpectedSha256Tests
{
    private const string Current = "98ea6e4f216f2fb4b69fff9b3a44842c38686ca685f3f55dc48c5d3fb1107be4";

    [Theory]
    [InlineData("98ea6e4f216f")] // what `ls -l` and `log` print
    [InlineData("98EA6E4F216F2FB4")]
    [InlineData(Current)]
    public void A_full_hash_or_a_prefix_of_twelve_or_more_hex_characters_is_taken_in_lowercase(string given) =>
        Assert.Equal(given.ToLowerInvariant(), ExpectedSha256.Validate(given, "--expect-sha256"));

    [Theory]
    [InlineData("98ea6e4f216")] // 11
    [InlineData("98ea6e4f216g")]
    [InlineData(Current + "0")]
    [InlineData("")]
    public void Anything_else_is_refused_naming_the_option_and_the_rule(string given)
    {
        var error = Assert.Throws<InvalidRequestException>(() => ExpectedSha256.Validate(given, "--expect-sha256"));
        Assert.Equal("--expect-sha256", error.Field);
        Assert.Contains("64 hexadecimal characters", error.Message, StringComparison.Ordinal);
        Assert.Contains("first 12 or more", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_prefix_of_the_current_hash_stands_for_the_full_hash()
    {
        Assert.Equal(Current, ExpectedSha256.Resolve("98ea6e4f216f", Current, "memory mem_1 at /a.md"));
        Assert.Equal(Current, ExpectedSha256.Resolve(Current[..40], Current, "memory mem_1 at /a.md"));
    }

    [Fact]
    public void A_full_hash_is_left_for_the_store_to_compare()
    {
        var other = new string('0', 64);
        Assert.Equal(other, ExpectedSha256.Resolve(other, Current, "memory mem_1 at /a.md"));
    }

    [Fact]
    public void A_prefix_of_another_hash_or_of_a_memory_that_does_not_exist_is_a_stale_precondition()
    {
        var stale = Assert.Throws<PreconditionFailedException>(() => ExpectedSha256.Resolve("0123456789ab", Current, "memory mem_1 at /a.md"));
        Assert.Contains("memory mem_1 at /a.md no longer has a content_sha256 starting 0123456789ab", stale.Message, StringComparison.Ordinal);
        var missing = Assert.Throws<PreconditionFailedException>(() => ExpectedSha256.Resolve("0123456789ab", null, "memory mem_1"));
        Assert.Contains("does not exist", missing.Message, StringComparison.Ordinal);
    }
}
