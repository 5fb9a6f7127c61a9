using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Engram.Conformance;

/// <summary>
/// The official MCP TypeScript SDK's client (<c>@modelcontextprotocol/sdk</c>), a client nobody here wrote, run by
/// Node.js on <c>tests/mcp-node-client/client.mjs</c>. It goes through one scenario and prints what it saw as JSON,
/// which <see cref="NodeMcpReport"/> asserts on. The first run in a test process calls
/// <c>scripts/npm-mcp-client.sh</c>, which installs the pinned client unless it is there already (scripts/test.sh
/// runs it before the tests) and says what is missing when Node.js or npm is.
/// </summary>
public static class NodeMcpClient
{
    /// <summary>
    /// A bound, not a measure: a client that waits for an answer that never comes would hang the suite. The whole
    /// scenario takes seconds; an install on a cold npm cache well under a minute.
    /// </summary>
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(5);

    private static readonly Lazy<Task> Installed = new(InstallAsync);

    /// <summary>Over streamable HTTP at <paramref name="endpoint"/> (the <c>/mcp</c> URL), with <paramref name="secret"/> as <c>x-api-key</c>.</summary>
    public static Task<NodeMcpReport> OverHttpAsync(string endpoint, string secret) =>
        RunAsync(["http", endpoint], new Dictionary<string, string?> { ["ENGRAM_MCP_KEY"] = secret });

    /// <summary>Over stdio: the client spawns <paramref name="command"/> with <paramref name="arguments"/> and the environment given here.</summary>
    public static Task<NodeMcpReport> OverStdioAsync(string command, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment) =>
        RunAsync(["stdio", "--", command, .. arguments], environment);

    private static string Folder => Path.Combine(RepositoryRoot(), "tests", "mcp-node-client");

    private static async Task<NodeMcpReport> RunAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment)
    {
        await Installed.Value;
        var (exit, stdout, stderr) = await RunProcessAsync("node", ["client.mjs", .. arguments], Folder, environment);
        Assert.True(exit == 0, $"the MCP TypeScript client exited with {exit}:\n{stderr}\n{stdout}");
        var line = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault()
            ?? throw new InvalidOperationException($"the MCP TypeScript client printed no report:\n{stderr}");
        return new NodeMcpReport(JsonDocument.Parse(line).RootElement.Clone());
    }

    private static async Task InstallAsync()
    {
        var (exit, stdout, stderr) = await RunProcessAsync("bash", [Path.Combine(RepositoryRoot(), "scripts", "npm-mcp-client.sh")], RepositoryRoot(), new Dictionary<string, string?>());
        if (exit != 0)
        {
            throw new InvalidOperationException($"scripts/npm-mcp-client.sh could not install the MCP TypeScript client (exit {exit}):\n{stderr}{stdout}");
        }
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunProcessAsync(
        string command, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo(command)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{command} did not start");
        }
        catch (System.ComponentModel.Win32Exception error)
        {
            throw new InvalidOperationException($"'{command}' could not be started ({error.Message}); scripts/npm-mcp-client.sh says what the MCP client tests need", error);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var bound = new CancellationTokenSource(Bound);
            try
            {
                await process.WaitForExitAsync(bound.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                throw new TimeoutException($"{command} {string.Join(' ', start.ArgumentList)} had not finished after {Bound.TotalMinutes} minutes:\n{await stderr}\n{await stdout}");
            }

            return (process.ExitCode, await stdout, await stderr);
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Engram.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no Engram.slnx above {AppContext.BaseDirectory}");
    }
}
