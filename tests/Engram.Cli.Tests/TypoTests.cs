namespace Engram.Cli.Tests;

/// <summary>A mistyped command or option is refused (exit 2, nothing done) with the nearest name the command knows.</summary>
public sealed class TypoTests : IDisposable
{
    private readonly EngramProcess _engram = new();

    public void Dispose() => _engram.Dispose();

    [Theory]
    [InlineData(new[] { "wrt", "/a.md" }, "wrt", "write")]
    [InlineData(new[] { "store", "lst" }, "lst", "list")]
    [InlineData(new[] { "store", "list", "--limt", "3" }, "--limt", "--limit")]
    [InlineData(new[] { "sessions", "list", "--limt", "3" }, "--limt", "--limit")]
    [InlineData(new[] { "ls", "--dpth", "1" }, "--dpth", "--depth")]
    [InlineData(new[] { "cat", "--versoin", "memver_1", "/a.md" }, "--versoin", "--version")]
    public async Task A_typo_is_refused_with_the_nearest_command_or_option(string[] args, string typed, string suggested)
    {
        (await _engram.RunAsync("init")).Ok();
        (await _engram.RunAsync("store", "create", "team")).Ok();

        var result = await _engram.RunAsync(args);

        Assert.Equal((2, ""), (result.ExitCode, result.Out));
        Assert.Contains(typed, result.Error, StringComparison.Ordinal);
        Assert.Matches($@"(?m)(^{suggested}$|did you mean {suggested}\?)", result.Error);
        Assert.Equal("", (await _engram.RunAsync("ls")).Ok().Out);
    }

    [Theory]
    [InlineData(new[] { "wrt", "/a.md" }, "engram: Unrecognized command or argument 'wrt'.", "Required command")]
    [InlineData(new[] { "ls", "--limt", "3" }, "engram: --limt is not an option of `engram ls`", "'3'")]
    [InlineData(new[] { "ls", "-L" }, "engram: -L is not an option of `engram ls`", "prefix:")]
    public async Task The_first_line_names_what_was_not_understood_and_nothing_that_only_follows_from_it(string[] args, string firstLine, string notSaid)
    {
        (await _engram.RunAsync("init")).Ok();
        (await _engram.RunAsync("store", "create", "team")).Ok();

        var result = await _engram.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith(firstLine, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(notSaid, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_that_starts_with_two_dashes_is_taken_after_a_lone_double_dash()
    {
        (await _engram.RunAsync("init")).Ok();
        (await _engram.RunAsync("store", "create", "team")).Ok();
        (await _engram.RunAsync(["write", "/flags.md"], "pass --dpth to the tool\n")).Ok();

        Assert.Contains("/flags.md", (await _engram.RunAsync("search", "--", "--dpth")).Ok().Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--dpth", "--depth")]
    [InlineData("--limt", "--limit")]
    [InlineData("--jsn", "--json")]
    [InlineData("--zzzzzz", null)]
    [InlineData("--d", null)]
    public void The_nearest_option_is_within_two_edits_of_what_was_typed(string typed, string? nearest) =>
        Assert.Equal(nearest, Typos.Nearest(typed, ["--depth", "--limit", "--json", "--long", "-l"]));
}
