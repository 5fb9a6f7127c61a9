namespace Engram.Cli.Tests;

/// <summary>The commands the program suggests use the name it was run by: <c>./engram</c> from the checkout's script, else <c>engram</c>.</summary>
public sealed class InvocationTests : IDisposable
{
    private static readonly Dictionary<string, string> AsScript = new() { ["ENGRAM_INVOKED_AS"] = "./engram" };

    private readonly EngramProcess _engram = new();

    public void Dispose() => _engram.Dispose();

    [Fact]
    public async Task Run_by_the_checkout_script_every_hint_says_dot_slash_engram()
    {
        var missing = await _engram.RunWithEnvironmentAsync(_engram.Data, AsScript, ["ls"]);
        Assert.Contains("run `./engram init` there", missing.Error, StringComparison.Ordinal);

        var init = (await _engram.RunWithEnvironmentAsync(_engram.Data, AsScript, ["init"])).Ok();
        Assert.Contains("Next: ./engram store create NAME", init.Out, StringComparison.Ordinal);
        Assert.Contains("; ./engram serve to share it", init.Out, StringComparison.Ordinal);

        var none = await _engram.RunWithEnvironmentAsync(_engram.Data, AsScript, ["ls"]);
        Assert.Contains("create one with `./engram store create NAME`", none.Error, StringComparison.Ordinal);

        var typo = await _engram.RunWithEnvironmentAsync(_engram.Data, AsScript, ["wrt"]);
        Assert.Contains("Run `./engram --help` for usage.", typo.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_as_the_installed_tool_the_hints_say_engram()
    {
        var init = (await _engram.RunAsync("init")).Ok();
        Assert.Contains("Next: engram store create NAME", init.Out, StringComparison.Ordinal);
    }
}
