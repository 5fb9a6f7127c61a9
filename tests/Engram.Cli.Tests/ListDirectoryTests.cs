namespace Engram.Cli.Tests;

/// <summary>A directory is named the way people type it, with or without its trailing slash, and still matches whole segments.</summary>
public sealed class ListDirectoryTests : IDisposable
{
    private readonly EngramProcess _engram = new();

    public void Dispose() => _engram.Dispose();

    private async Task StartAsync()
    {
        (await _engram.RunAsync("init")).Ok();
        (await _engram.RunAsync("store", "create", "team")).Ok();
        (await _engram.RunAsync(["write", "/org/rules.md"], "deploy on fridays never\n")).Ok();
        (await _engram.RunAsync(["write", "/organization/chart.md"], "deploy owners\n")).Ok();
    }

    [Theory]
    [InlineData("/org")]
    [InlineData("/org/")]
    public async Task Ls_catalog_and_search_take_a_directory_with_or_without_its_slash(string directory)
    {
        await StartAsync();

        Assert.Equal("/org/rules.md\n", (await _engram.RunAsync("ls", directory)).Ok().Out);
        Assert.StartsWith("/org/rules.md", (await _engram.RunAsync("catalog", directory)).Ok().Out, StringComparison.Ordinal);
        Assert.DoesNotContain("/organization/", (await _engram.RunAsync("catalog", directory)).Ok().Out, StringComparison.Ordinal);
        var found = (await _engram.RunAsync("search", "deploy", "--prefix", directory)).Ok().Out;
        Assert.Contains("/org/rules.md", found, StringComparison.Ordinal);
        Assert.DoesNotContain("/organization/", found, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "ls", "org" }, "prefix: must start with '/'")]
    [InlineData(new[] { "ls", "/org//" }, "prefix: must not contain an empty segment")]
    [InlineData(new[] { "catalog", "/a/../org" }, "prefix: ")]
    [InlineData(new[] { "search", "deploy", "--prefix", "org" }, "--prefix: must start with '/'")]
    public async Task A_prefix_that_breaks_a_path_rule_is_still_refused_naming_the_field(string[] args, string rule)
    {
        await StartAsync();

        var refused = await _engram.RunAsync(args);

        Assert.Equal((2, ""), (refused.ExitCode, refused.Out));
        Assert.Contains(rule, refused.Error, StringComparison.Ordinal);
    }
}
