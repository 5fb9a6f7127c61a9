using Engram.Conformance;

namespace Engram.Cli.Tests;

/// <summary><c>engram mcp</c> spawned by the official TypeScript SDK's client over stdio (<see cref="NodeMcpClient"/>).</summary>
public sealed class McpTypeScriptClientTests : IDisposable
{
    private readonly EngramProcess _engram = new();

    public void Dispose() => _engram.Dispose();

    [Fact]
    public async Task The_typescript_sdk_client_lists_calls_reads_and_gets_the_prompt_over_stdio()
    {
        (await _engram.RunAsync("init")).Ok();
        (await _engram.RunAsync("store", "create", "team")).Ok();
        (await _engram.RunAsync(["write", "/notes/welcome.md"], McpScenario.WelcomeText)).Ok();

        // The client hands its own environment to the server it spawns: none of the model settings, no ambient store.
        var environment = EngramProcess.ModelVariables.Concat(["ENGRAM_DATA", "ENGRAM_STORE", "ENGRAM_SERVER", "ENGRAM_API_KEY"]).ToDictionary(name => name, _ => (string?)null);
        var report = await NodeMcpClient.OverStdioAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "Engram.Cli.dll"), "--data", _engram.Data, "mcp"], environment);

        report.AssertScenario();
        Assert.DoesNotContain(report.Json.GetProperty("stderr").EnumerateArray(), line => line.GetString()!.Contains("launch-plans", StringComparison.Ordinal));
    }
}
