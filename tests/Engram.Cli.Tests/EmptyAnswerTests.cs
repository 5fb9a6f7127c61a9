namespace Engram.Cli.Tests;

/// <summary>A listing that finds nothing says so in one line on stderr, so a person knows it ran; stdout stays empty for scripts.</summary>
public sealed class EmptyAnswerTests : IDisposable
{
    private readonly EngramProcess _engram = new();

    public void Dispose() => _engram.Dispose();

    [Theory]
    [InlineData("engram: no memories in team", "ls")]
    [InlineData("engram: no memories in team under /org/", "ls", "/org")]
    [InlineData("engram: no memories in team", "catalog")]
    [InlineData("engram: no stale memories in team", "catalog", "--stale")]
    [InlineData("engram: no memories in team match \"deploy\"", "search", "deploy")]
    [InlineData("engram: no pending proposals in team", "proposals", "list")]
    [InlineData("engram: no proposals in team", "proposals", "list", "--status", "all")]
    public async Task Nothing_found_is_one_line_on_stderr_and_nothing_on_stdout(string said, params string[] args)
    {
        (await _engram.RunAsync("init")).Ok();
        (await _engram.RunAsync("store", "create", "team")).Ok();

        var result = (await _engram.RunAsync(args)).Ok();
        var json = (await _engram.RunAsync([.. args, "--json"])).Ok();

        Assert.Equal("", result.Out);
        Assert.Equal(said + "\n", result.Error);
        Assert.Equal("", json.Error);
        Assert.NotEqual("", json.Out);
    }
}
