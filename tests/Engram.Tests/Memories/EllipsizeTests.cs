using Engram.Memories;

namespace Engram.Tests.Memories;

public sealed class EllipsizeTests
{
    [Fact]
    public void A_cut_never_splits_a_surrogate_pair()
    {
        var text = "remember 🙂🙂🙂🙂 always";
        for (var max = 2; max < text.Length; max++)
        {
            var cut = UnicodeText.Ellipsize(text, max);
            Assert.True(cut.Length <= max);
            Assert.EndsWith("…", cut, StringComparison.Ordinal);
            Assert.Equal(-1, UnicodeText.FindUnpairedSurrogate(cut));
        }
    }

    [Fact]
    public void Text_within_the_limit_is_returned_as_it_is()
    {
        const string text = "short";
        Assert.Same(text, UnicodeText.Ellipsize(text, 5));
    }
}
