using CsCheck;
using Engram.Sessions;

namespace Engram.Tests.Sessions;

public sealed class RawRecordsTests
{
    // Records are read as UTF-8, so they never hold a lone surrogate; any other text must survive exactly.
    [Fact]
    public void Any_record_comes_back_exactly_as_it_was_stored() =>
        Gen.String[Gen.Char, 0, 5_000].Where(t => !t.Any(char.IsSurrogate)).Sample(text => Assert.Equal(text, RawRecords.Decompress(RawRecords.Compress(text))));

    [Fact]
    public void Transcript_json_is_stored_in_a_fraction_of_its_size()
    {
        var line = string.Concat(Enumerable.Repeat("{\"type\":\"assistant\",\"message\":{\"content\":[{\"type\":\"text\",\"text\":\"Running the tests now.\"}]}}\n", 200));

        Assert.True(RawRecords.Compress(line).Length < line.Length / 10);
    }

    [Fact]
    public void A_damaged_record_is_reported_not_returned()
    {
        var stored = RawRecords.Compress(new string('x', 1_000));
        stored[^1] ^= 0xFF;
        stored[^2] ^= 0xFF;

        Assert.Throws<InvalidDataException>(() => RawRecords.Decompress(stored));
    }
}
