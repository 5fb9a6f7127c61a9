using CsCheck;
using Engram.Review;

namespace Engram.Tests.Review;

public sealed class ThreeWayMergeTests
{
    private enum EditKind
    {
        Replace,
        Delete,
        InsertAfter,
    }

    private sealed record Edit(EditKind Kind, int Line, string Text);

    [Fact]
    public void Edits_of_different_lines_merge_into_both()
    {
        var merged = ThreeWayMerge.Merge("a\nb\nc\nd\n", "a\nB\nc\nd\n", "a\nb\nc\nD\n");

        Assert.Equal("a\nB\nc\nD\n", merged);
    }

    [Fact]
    public void Edits_of_adjacent_lines_merge()
    {
        Assert.Equal("A\nB\n", ThreeWayMerge.Merge("a\nb\n", "A\nb\n", "a\nB\n"));
    }

    [Fact]
    public void Different_changes_of_the_same_line_do_not_merge()
    {
        Assert.Null(ThreeWayMerge.Merge("a\nb\nc\n", "a\nX\nc\n", "a\nY\nc\n"));
    }

    [Fact]
    public void A_deletion_against_a_change_of_the_same_line_does_not_merge()
    {
        Assert.Null(ThreeWayMerge.Merge("a\nb\nc\n", "a\nc\n", "a\nY\nc\n"));
    }

    [Fact]
    public void An_insertion_inside_lines_the_other_side_replaced_does_not_merge()
    {
        Assert.Null(ThreeWayMerge.Merge("a\nb\nc\nd\n", "a\nX\nd\n", "a\nb\nnew\nc\nd\n"));
    }

    [Fact]
    public void Two_notes_appended_to_the_same_file_keep_the_current_note_then_the_proposed_one()
    {
        var baseText = "# Build\n\nUse make.\n";

        var merged = ThreeWayMerge.Merge(baseText, baseText + "\n- pytest is not on PATH; run python -m pytest\n", baseText + "\n- run migrations with --dry-run first\n");

        Assert.Equal("# Build\n\nUse make.\n\n- pytest is not on PATH; run python -m pytest\n\n- run migrations with --dry-run first\n", merged);
    }

    [Fact]
    public void A_file_proposed_onto_a_path_created_meanwhile_merges_after_what_is_there_without_repeating_its_lines()
    {
        var merged = ThreeWayMerge.Merge("", "# Tools\n- use uv\n", "# Tools\n- run python -m pytest\n");

        Assert.Equal("# Tools\n- use uv\n- run python -m pytest\n", merged);
    }

    [Fact]
    public void A_proposed_append_the_current_text_already_has_adds_nothing()
    {
        Assert.Equal("a\nnote\n", ThreeWayMerge.Merge("a\n", "a\nnote\n", "a\n\nnote\n"));
    }

    [Fact]
    public void Carriage_returns_and_a_missing_final_newline_are_kept()
    {
        Assert.Equal("a\r\nB\r\nc\r\nd", ThreeWayMerge.Merge("a\r\nb\r\nc", "a\r\nB\r\nc", "a\r\nb\r\nc\r\nd"));
    }

    [Fact]
    public void Merged_content_over_the_size_limit_is_not_offered()
    {
        var half = new string('x', 60_000);

        Assert.NotNull(ThreeWayMerge.Merge("", half + "\n", "y" + half + "\n"));
        Assert.Null(ThreeWayMerge.MergeContent("", half + "\n", "y" + half + "\n"));
    }

    [Fact]
    public void Edits_of_different_lines_of_any_text_always_merge_to_contain_both()
    {
        var scenario =
            from count in Gen.Int[1, 25]
            from trailing in Gen.Bool
            from ours in EditOf(count, "ours")
            from theirs in EditOf(count, "theirs")
            select (count, trailing, ours, theirs);
        scenario.Sample(s =>
        {
            var lines = Enumerable.Range(0, s.count).Select(i => $"line {i}").ToArray();
            if (Touches(s.ours) && Touches(s.theirs) && s.ours.Line == s.theirs.Line)
            {
                return true;
            }

            var baseText = Text(lines, s.trailing);
            var merged = ThreeWayMerge.Merge(baseText, Text(Apply(lines, s.ours, null), s.trailing), Text(Apply(lines, s.theirs, null), s.trailing));
            return merged == Text(Apply(lines, s.ours, s.theirs), s.trailing);
        }, iter: 5_000);
    }

    [Fact]
    public void Identical_edits_merge_to_themselves_and_a_one_sided_edit_wins()
    {
        var text = Gen.Int[0, 4].Select(i => "abcde"[i].ToString()).Array[0, 12].Select(parts => string.Join('\n', parts));
        var ending = Gen.OneOf(Gen.Const(""), Gen.Const("\n"));
        Gen.Select(text, ending, text, ending).Sample((baseLines, baseEnd, changedLines, changedEnd) =>
        {
            var baseText = baseLines + baseEnd;
            var changed = changedLines + changedEnd;
            return ThreeWayMerge.Merge(baseText, changed, changed) == changed
                && ThreeWayMerge.Merge(baseText, baseText, changed) == changed
                && ThreeWayMerge.Merge(baseText, changed, baseText) == changed;
        }, iter: 5_000);
    }

    [Fact]
    public void Appends_from_both_sides_keep_the_current_lines_then_the_new_proposed_ones()
    {
        var line = Gen.Int[0, 9].Select(i => $"note {i}");
        Gen.Select(Gen.Int[0, 6], line.Array[1, 4], line.Array[1, 4]).Sample((count, appended, proposed) =>
        {
            var lines = Enumerable.Range(0, count).Select(i => $"line {i}").ToArray();
            var current = lines.Concat(appended).ToArray();
            var expected = current.Concat(proposed.Where(p => !appended.Contains(p))).ToArray();
            return ThreeWayMerge.Merge(Text(lines, true), Text(current, true), Text([.. lines, .. proposed], true)) == Text(expected, true);
        }, iter: 5_000);
    }

    private static bool Touches(Edit edit) => edit.Kind != EditKind.InsertAfter;

    private static Gen<Edit> EditOf(int count, string side) =>
        Gen.Select(Gen.Enum<EditKind>(), Gen.Int[0, count - 1]).Select((kind, line) => new Edit(kind, line, $"{side} {kind} {line}"));

    /// <summary>Both edits applied in base coordinates: at each line, insertions before it (ours first), then the line as edited.</summary>
    private static string[] Apply(string[] lines, Edit ours, Edit? theirs)
    {
        var edits = theirs is null ? new[] { ours } : [ours, theirs];
        var result = new List<string>();
        for (var i = 0; i <= lines.Length; i++)
        {
            result.AddRange(edits.Where(e => e.Kind == EditKind.InsertAfter && e.Line + 1 == i).Select(e => e.Text));
            if (i == lines.Length)
            {
                break;
            }

            var change = edits.FirstOrDefault(e => Touches(e) && e.Line == i);
            if (change is null)
            {
                result.Add(lines[i]);
            }
            else if (change.Kind == EditKind.Replace)
            {
                result.Add(change.Text);
            }
        }

        return [.. result];
    }

    private static string Text(string[] lines, bool trailingNewline) => lines.Length == 0 ? "" : string.Join('\n', lines) + (trailingNewline ? "\n" : "");
}
