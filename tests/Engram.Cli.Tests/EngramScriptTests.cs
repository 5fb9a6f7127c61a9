using System.Diagnostics;
using System.Runtime.Versioning;

namespace Engram.Cli.Tests;

/// <summary>
/// The <c>./engram</c> script at the root of the checkout, run on a copy of it beside a stand-in <c>dotnet</c> that
/// records what it was asked and "builds" by creating the command's file: what the script says, and when.
/// </summary>
[UnsupportedOSPlatform("windows")] // the script is bash, and its stand-in dotnet is made executable
public sealed class EngramScriptTests : IDisposable
{
    private const string Building = "engram: building";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "engram-script-" + Guid.NewGuid().ToString("N")[..12]);

    public EngramScriptTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "src", "Engram.Cli"));
        Directory.CreateDirectory(Path.Combine(_root, "bin"));
        File.Copy(Checkout.PathOf("engram"), Path.Combine(_root, "engram"));
        File.WriteAllText(Path.Combine(_root, "src", "Engram.Cli", "Program.cs"), "// the sources the script compares the build with\n");
        File.WriteAllText(Path.Combine(_root, "src", "Engram.Cli", "Engram.Cli.csproj"), "<Project />\n");
        var dotnet = Path.Combine(_root, "bin", "dotnet");
        File.WriteAllText(dotnet, """
            #!/usr/bin/env bash
            # Stands in for the .NET SDK: "build" creates the command's file (or fails when asked to), anything else says what it ran.
            if [[ "$1" == build ]]; then
              [[ -f "$STUB_FAIL_BUILD" ]] && { echo "error CS1002: ; expected"; exit 1; }
              mkdir -p "$(dirname "$STUB_DLL")" && : > "$STUB_DLL"
              exit 0
            fi
            [[ -n "${STUB_INVOKED_AS:-}" ]] && printf '%s' "${ENGRAM_INVOKED_AS-unset}" > "$STUB_INVOKED_AS"
            echo "ran $*"
            """.ReplaceLineEndings("\n"));
        File.SetUnixFileMode(dotnet, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private string Dll => Path.Combine(_root, "src", "Engram.Cli", "bin", "Release", "net10.0", "Engram.Cli.dll");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task The_first_run_says_on_stderr_that_it_builds_and_then_runs_the_command_with_its_arguments()
    {
        var first = await RunAsync("ls", "-l");

        Assert.Equal(0, first.ExitCode);
        Assert.Contains(Building, first.Error, StringComparison.Ordinal);
        Assert.Equal($"ran {Dll} ls -l\n", first.Out);
    }

    [Fact]
    public async Task A_run_with_an_up_to_date_build_says_nothing_about_building()
    {
        await RunAsync("--version");

        var second = await RunAsync("--version");

        Assert.Equal(0, second.ExitCode);
        Assert.Equal("", second.Error);
        Assert.Equal($"ran {Dll} --version\n", second.Out);
    }

    [Fact]
    public async Task A_source_newer_than_the_build_is_built_again_and_said_so()
    {
        await RunAsync("--version");
        File.SetLastWriteTimeUtc(Dll, new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));

        var rebuilt = await RunAsync("--version");

        Assert.Contains(Building, rebuilt.Error, StringComparison.Ordinal);
        Assert.Equal($"ran {Dll} --version\n", rebuilt.Out);
    }

    [Fact]
    public async Task A_failed_build_prints_the_compiler_output_on_stderr_and_exits_1_without_running()
    {
        File.WriteAllText(Path.Combine(_root, "fail-build"), "");

        var failed = await RunAsync("--version");

        Assert.Equal(1, failed.ExitCode);
        Assert.Contains(Building, failed.Error, StringComparison.Ordinal);
        Assert.Contains("error CS1002", failed.Error, StringComparison.Ordinal);
        Assert.Equal("", failed.Out);
    }

    [Fact]
    public async Task It_tells_the_command_the_name_it_was_run_by_so_the_hints_it_prints_say_dot_slash_engram()
    {
        await RunAsync("--version");
        var seen = Path.Combine(_root, "invoked-as");

        await RunAsync(["--version"], script: "./engram", invokedAsFile: seen);

        Assert.Equal("./engram", File.ReadAllText(seen));
    }

    private Task<EngramProcess.Result> RunAsync(params string[] args) => RunAsync(args, script: null, invokedAsFile: null);

    /// <summary>Runs the copy of the script as <paramref name="script"/> (default: its absolute path) from the copy's folder.</summary>
    private async Task<EngramProcess.Result> RunAsync(string[] args, string? script, string? invokedAsFile)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = _root,
        };
        start.ArgumentList.Add(script ?? Path.Combine(_root, "engram"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["PATH"] = $"{Path.Combine(_root, "bin")}:{Environment.GetEnvironmentVariable("PATH")}";
        start.Environment["STUB_DLL"] = Dll;
        start.Environment["STUB_FAIL_BUILD"] = Path.Combine(_root, "fail-build");
        start.Environment.Remove("ENGRAM_INVOKED_AS");
        if (invokedAsFile is not null)
        {
            start.Environment["STUB_INVOKED_AS"] = invokedAsFile;
        }
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        return new EngramProcess.Result(process.ExitCode, await output, await error);
    }
}
