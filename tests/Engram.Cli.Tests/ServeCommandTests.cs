using System.Net;
using System.Net.Sockets;

namespace Engram.Cli.Tests;

/// <summary><c>engram serve</c> as a person starts it: it says it serves only once it listens, and a port in use is one line, not a stack trace.</summary>
public sealed class ServeCommandTests : IDisposable
{
    private readonly EngramProcess _engram = new();

    public void Dispose() => _engram.Dispose();

    [Fact]
    public async Task Serve_on_a_port_in_use_says_so_in_one_line_and_exits_unavailable()
    {
        (await _engram.RunAsync("init")).Ok();
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var result = await _engram.RunAsync("serve", "--urls", $"http://127.0.0.1:{port}");

        Assert.Equal(6, result.ExitCode);
        Assert.Equal("", result.Out); // no JSON log lines with stack traces
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"engram: 127.0.0.1:{port} is already in use; is another engram serve running?", line, StringComparison.Ordinal);
        Assert.Contains("--urls", line, StringComparison.Ordinal);
        Assert.DoesNotContain("serving", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--api-key", "engram_sk_x")]
    [InlineData("--store", "team")]
    [InlineData("--server", "http://127.0.0.1:1")]
    public async Task Serve_refuses_the_options_that_do_not_apply_to_a_server(string option, string value)
    {
        (await _engram.RunAsync("init")).Ok();

        var result = await _engram.RunAsync("serve", option, value, "--urls", "http://127.0.0.1:1");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"engram: {option}: ", result.Error, StringComparison.Ordinal);
        Assert.Contains($"drop {option}", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("serving", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("3601")]
    public async Task Serve_refuses_a_dream_lease_out_of_range_naming_the_option(string seconds)
    {
        (await _engram.RunAsync("init")).Ok();

        var result = await _engram.RunAsync("serve", "--dream-lease", seconds, "--urls", "http://127.0.0.1:1");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"engram: --dream-lease: must be a whole number of seconds from 1 to 3600 (got {seconds})\n", result.Error);
    }
}
