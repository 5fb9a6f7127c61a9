using System.Text;
using CsCheck;
using Engram.Sessions.Formats;

namespace Engram.Tests.Sessions.Formats;

public sealed class JsonEscapesTests
{
    [Theory]
    [InlineData("""["\ud83d"]""", """["\ufffd"]""")]
    [InlineData("""["\udc00x"]""", """["\ufffdx"]""")]
    [InlineData("""["\ud83d\ud83d\ude00"]""", """["\ufffd\ud83d\ude00"]""")]
    [InlineData("""["\ud83d\n"]""", """["\ufffd\n"]""")]
    [InlineData("""{"\uDC00": "\uD800"}""", """{"\ufffd": "\ufffd"}""")]
    [InlineData("""["\ud83d\ude00", "\u00e9", "\\ud800", "\u12"]""", """["\ud83d\ude00", "\u00e9", "\\ud800", "\u12"]""")]
    public void Lone_surrogate_escapes_become_replacement_characters_and_everything_else_is_kept(string json, string expected)
    {
        Assert.Equal(expected, JsonEscapes.ReplaceLoneSurrogates(json));
    }

    [Fact]
    public void Text_without_lone_surrogates_is_returned_as_is()
    {
        const string Text = """{"a":"\ud83d\ude00 \u00e9"}""";

        Assert.Same(Text, JsonEscapes.ReplaceLoneSurrogates(Text));
    }

    [Fact]
    public void Fed_in_chunks_the_bytes_come_out_as_the_whole_text_does_and_every_string_reads()
    {
        string[] pieces = ["\\ud83d", "\\ude00", "\\udc00", "\\\\", "\\u00e9", "\\n", "\\", "u", "d8", "x", "\"", "é", "😀"];
        var text = Gen.Int[0, pieces.Length - 1].Array[0, 30].Select(indexes => string.Concat(indexes.Select(i => pieces[i])));
        Gen.Select(text, Gen.Int[1, 13]).Sample((body, chunk) =>
        {
            var whole = Encoding.UTF8.GetBytes(body);
            JsonEscapes.ReplaceLoneSurrogates(whole, final: true);

            // As the document reader feeds it: settled bytes stay, the unsettled tail waits for more.
            var fed = Encoding.UTF8.GetBytes(body);
            var settled = 0;
            for (var end = Math.Min(chunk, fed.Length); settled < fed.Length; end = Math.Min(end + chunk, fed.Length))
            {
                var final = end == fed.Length;
                settled += JsonEscapes.ReplaceLoneSurrogates(fed.AsSpan(settled, end - settled), final);
                Assert.True(final ? settled == fed.Length : settled <= end);
            }

            Assert.Equal(Encoding.UTF8.GetString(whole), Encoding.UTF8.GetString(fed));
            var json = "[\"" + body + "\"]";
            if (TranscriptJson.TryParse(json) is { } document)
            {
                using (document)
                {
                    _ = document.RootElement[0].GetString();
                }
            }
        });
    }
}
