using Engram.Errors;
using Engram.Memories;

namespace Engram.Tests.Memories;

public sealed class StoreRulesTests
{
    [Theory]
    [InlineData("", "name")]
    [InlineData("tab\there", "name")]
    public void Bad_names_are_refused(string name, string field) =>
        Assert.Equal(field, Assert.Throws<InvalidRequestException>(() => StoreRules.ValidateName(name)).Field);

    [Fact]
    public void Names_are_counted_in_characters_up_to_255()
    {
        Assert.Equal(255, StoreRules.ValidateName("😀" + new string('a', 254)).EnumerateRunes().Count());
        Assert.Throws<InvalidRequestException>(() => StoreRules.ValidateName(new string('a', 256)));
    }

    [Fact]
    public void Description_over_1024_characters_is_refused() =>
        Assert.Equal("description", Assert.Throws<InvalidRequestException>(() => StoreRules.ValidateDescription(new string('d', 1025))).Field);

    [Fact]
    public void Metadata_limits_are_enforced()
    {
        var seventeen = Enumerable.Range(0, 17).ToDictionary(i => $"k{i}", i => "v");
        Assert.Equal("metadata", Assert.Throws<InvalidRequestException>(() => StoreRules.ValidateMetadata(seventeen)).Field);
        Assert.Throws<InvalidRequestException>(() => StoreRules.ValidateMetadata(new Dictionary<string, string> { [new string('k', 65)] = "v" }));
        Assert.Throws<InvalidRequestException>(() => StoreRules.ValidateMetadata(new Dictionary<string, string> { ["k"] = new string('v', 513) }));
        Assert.Throws<InvalidRequestException>(() => StoreRules.ValidateMetadata(new Dictionary<string, string> { [""] = "v" }));
        Assert.Equal(16, StoreRules.ValidateMetadata(Enumerable.Range(0, 16).ToDictionary(i => $"k{i}", i => new string('v', 512))).Count);
    }
}
