using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Engram.Cli.Tests;

/// <summary><c>engram serve</c> running as a child process on a free loopback port.</summary>
internal sealed partial class ServeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task<string> _output;
    private readonly Task<string> _error;

    private ServeProcess(Process process, string url)
    {
        _process = process;
        Url = url;
        _output = process.StandardOutput.ReadToEndAsync();
        _error = process.StandardError.ReadToEndAsync();
    }

    public string Url { get; }

    /// <summary>The server's process id, which its dream worker's id (machine/pid/random) names.</summary>
    public int ProcessId => _process.Id;

    public static Task<ServeProcess> StartAsync(string dataDirectory, params string[] extra) => StartOnAsync(["--data", dataDirectory], extra);

    /// <summary><c>engram serve --postgres CONNECTION</c>, on a database <c>engram init --postgres</c> set up.</summary>
    public static Task<ServeProcess> StartOnPostgresAsync(string connectionString, params string[] extra) => StartOnAsync(["--postgres", connectionString], extra);

    private static async Task<ServeProcess> StartOnAsync(string[] backend, string[] extra)
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "Engram.Cli.dll") }.Concat(backend).Concat(["serve", "--urls", url]).Concat(extra))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("ENGRAM_DATA");
        start.Environment.Remove("ENGRAM_POSTGRES");

        var server = new ServeProcess(Process.Start(EngramProcess.WithoutModels(start))!, url);
        using var http = new HttpClient();
        for (var attempt = 0; attempt < 200; attempt++)
        {
            try
            {
                if ((await http.GetAsync(url + "/healthz")).StatusCode == HttpStatusCode.OK)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (server._process.HasExited)
            {
                throw new InvalidOperationException($"engram serve exited: {await server._error}");
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("engram serve did not become healthy in 20 s");
    }

    /// <summary>Asks the server to stop as a service manager would (SIGTERM) and waits for it to exit.</summary>
    public async Task<(int ExitCode, string Output, string Error)> TerminateAsync()
    {
        _ = Kill(_process.Id, 15);
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (_process.ExitCode, await _output, await _error);
    }

    /// <summary>
    /// Kills the server as a crash or an OOM killer would (SIGKILL: nothing drains, nothing closes), waits for it to
    /// exit, and returns what it had written (its log's last lines may be lost with it).
    /// </summary>
    public async Task<(string Output, string Error)> KillAsync()
    {
        _ = Kill(_process.Id, 9);
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (await _output, await _error);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}
