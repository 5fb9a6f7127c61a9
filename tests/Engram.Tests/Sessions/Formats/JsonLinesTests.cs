using System.Text;
using CsCheck;
using Engram.Sessions.Formats;

namespace Engram.Tests.Sessions.Formats;

public sealed class JsonLinesTests
{
    [Fact]
    public void Lines_shorter_and_longer_than_the_read_buffer_come_out_whole_with_their_numbers_and_offsets()
    {
        const int Buffer = 1 << 20;
        var length = Gen.OneOf(Gen.Int[0, 40], Gen.Int[Buffer - 3, Buffer + 3], Gen.Int[2 * Buffer, 3 * Buffer]);
        var ending = Gen.OneOf(Gen.Const("\n"), Gen.Const("\r\n"));
        Gen.Select(Gen.Select(length, ending, Gen.Char['a', 'z']).Array[1, 4], Gen.Bool).Sample((lines, lastEnds) =>
        {
            var text = new StringBuilder();
            var expected = new List<(long Number, string Text, long Offset)>();
            for (var i = 0; i < lines.Length; i++)
            {
                var (size, newline, letter) = lines[i];
                if (size > 0)
                {
                    expected.Add((i + 1, new string(letter, size), text.Length));
                }

                text.Append(letter, size);
                if (i < lines.Length - 1 || lastEnds)
                {
                    text.Append(newline);
                }
            }

            using var directory = new TempDirectory();
            var path = directory.Write("lines.jsonl", text.ToString());
            var read = JsonLines.ReadAsync(path).ToBlockingEnumerable().ToList();

            Assert.Equal(expected, read.Select(l => (l.Number, l.Text, l.Offset)));
            Assert.All(read, l => Assert.False(l.IsTooLong));
            if (lines[^1].Item1 > 0)
            {
                Assert.Equal(!lastEnds, read[^1].IsLastWithoutNewline);
            }
        }, iter: 20);
    }

    [Fact]
    public void A_line_over_the_limit_is_passed_over_and_the_lines_after_it_are_read()
    {
        using var directory = new TempDirectory();
        var path = directory.Write("long.jsonl", "{\"a\":1}\n" + new string('x', JsonLines.MaxLineBytes + 1) + "\n{\"b\":2}\n");

        var read = JsonLines.ReadAsync(path).ToBlockingEnumerable().ToList();

        Assert.Equal(
            [(1L, "{\"a\":1}", false, 7L), (2L, "", true, JsonLines.MaxLineBytes + 1L), (3L, "{\"b\":2}", false, 7L)],
            read.Select(l => (l.Number, l.Text, l.IsTooLong, l.Bytes)));
        Assert.Equal(JsonLines.MaxLineBytes + 10L, read[2].Offset);
    }
}
