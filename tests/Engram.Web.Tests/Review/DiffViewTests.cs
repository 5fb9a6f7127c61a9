using Engram.Memories;
using Engram.Web.Review;

namespace Engram.Web.Tests.Review;

public sealed class DiffViewTests
{
    [Fact]
    public void A_changed_line_pairs_removed_and_added_with_the_changed_words_marked_and_numbers_follow_the_hunk()
    {
        var diff = UnifiedDiff.Create("# Tools\n\n- run make test\n- keep it\n", "# Tools\n\n- run python -m pytest\n- keep it\n- new line\n", "a/tools.md (current)", "b/tools.md (prop_1)");

        var lines = DiffView.Parse(diff);

        var removed = Assert.Single(lines, l => l.Kind == DiffLineKind.Removed);
        var added = lines.Where(l => l.Kind == DiffLineKind.Added).ToList();
        Assert.Equal("- run make test", removed.Text);
        Assert.Equal(3, removed.OldNumber);
        Assert.Equal(["- run python -m pytest", "- new line"], added.Select(l => l.Text));
        Assert.Equal([3, 5], added.Select(l => l.NewNumber));
        Assert.Contains(removed.Segments, s => s.Changed && s.Text.Contains("make", StringComparison.Ordinal));
        Assert.DoesNotContain(removed.Segments, s => s.Changed && s.Text.Contains("run", StringComparison.Ordinal));
        Assert.Contains(added[0].Segments, s => s.Changed && s.Text.Contains("python", StringComparison.Ordinal));
        Assert.All(added[1].Segments, s => Assert.False(s.Changed)); // a line with no partner is added whole, not word-marked
        Assert.Contains(lines, l => l.Kind == DiffLineKind.Context && l.Text == "- keep it");
        Assert.Equal(2, lines.Count(l => l.Kind == DiffLineKind.Header && (l.Text.StartsWith("---", StringComparison.Ordinal) || l.Text.StartsWith("+++", StringComparison.Ordinal))));
    }

    [Fact]
    public void Content_lines_that_start_with_dashes_are_content_not_headers()
    {
        var diff = UnifiedDiff.Create("---\ntitle: a\n---\n", "---\ntitle: b\n---\n", "a/x.md (current)", "b/x.md (prop_1)");

        var lines = DiffView.Parse(diff);

        Assert.Equal(2, lines.Count(l => l.Kind == DiffLineKind.Context && l.Text == "---"));
        Assert.Equal("title: a", Assert.Single(lines, l => l.Kind == DiffLineKind.Removed).Text);
    }

    [Fact]
    public void No_differences_are_no_lines() => Assert.Empty(DiffView.Parse(""));
}
