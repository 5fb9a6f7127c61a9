using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Engram.Cli.Tests;

/// <summary>Runs the built engram command as a child process, as a user or a script would.</summary>
internal sealed class EngramProcess : IDisposable
{
    public EngramProcess() => Directory.CreateDirectory(Root);

    /// <summary>
    /// The settings that would give a child process a model provider (and so a network): every <c>engram</c>
    /// a test starts runs without them, on the rule-based analyzers alone.
    /// </summary>
    public static IReadOnlyList<string> ModelVariables { get; } = ["ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL", "OPENAI_API_KEY", "OPENAI_BASE_URL", "ENGRAM_DREAM_MODEL"];

    /// <summary>Removes <see cref="ModelVariables"/> from the environment <paramref name="start"/> gives its child.</summary>
    public static ProcessStartInfo WithoutModels(ProcessStartInfo start)
    {
        foreach (var name in ModelVariables)
        {
            start.Environment.Remove(name);
        }

        return start;
    }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "engram-cli-" + Guid.NewGuid().ToString("N")[..12]);

    public string Data => Path.Combine(Root, "data");

    public Task<Result> RunAsync(string[] args, string? stdin = null, byte[]? stdinBytes = null) =>
        RunWithDataAsync(Data, args, stdin, stdinBytes);

    public Task<Result> RunWithDataAsync(string data, string[] args, string? stdin = null, byte[]? stdinBytes = null) =>
        RunWithEnvironmentAsync(data, new Dictionary<string, string>(), args, stdin, stdinBytes);

    /// <summary>
    /// Runs with <paramref name="environment"/> set in the child (after the model settings are removed): a test that points a
    /// dream at a loopback stub of a provider. A null <paramref name="data"/> passes no <c>--data</c>.
    /// </summary>
    public async Task<Result> RunWithEnvironmentAsync(string? data, IReadOnlyDictionary<string, string> environment, string[] args, string? stdin = null, byte[]? stdinBytes = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = Root,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Engram.Cli.dll"));
        if (data is not null)
        {
            start.ArgumentList.Add("--data");
            start.ArgumentList.Add(data);
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("ENGRAM_DATA");
        start.Environment.Remove("ENGRAM_POSTGRES");
        start.Environment.Remove("ENGRAM_STORE");
        WithoutModels(start);
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = ReadBytesAsync(process.StandardOutput.BaseStream);
        var error = process.StandardError.ReadToEndAsync();
        if (stdinBytes is not null || stdin is not null)
        {
            var bytes = stdinBytes ?? new UTF8Encoding(false).GetBytes(stdin!);
            await process.StandardInput.BaseStream.WriteAsync(bytes);
        }

        process.StandardInput.Close();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        // Decoded without BOM detection, so a leading U+FEFF in the output is kept as the test wrote it.
        return new Result(process.ExitCode, new UTF8Encoding(false).GetString(await output), await error);
    }

    private static async Task<byte[]> ReadBytesAsync(Stream stream)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    public Task<Result> RunAsync(params string[] args) => RunAsync(args, stdin: null);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner.
        }
    }

    public sealed record Result(int ExitCode, string Out, string Error)
    {
        public JsonElement Json => JsonDocument.Parse(Out).RootElement;

        public Result Ok()
        {
            Assert.True(ExitCode == 0, $"exit code {ExitCode}\nstdout: {Out}\nstderr: {Error}");
            return this;
        }
    }
}
