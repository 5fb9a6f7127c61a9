using System.Net;
using System.Net.Sockets;
using Engram.Remote;

namespace Engram.Cli.Tests;

/// <summary>A server that cannot be reached is named with the cause (refused, DNS, TLS, timeout), exit 6, by every command in remote mode.</summary>
public sealed class UnreachableServerTests : IDisposable
{
    private readonly EngramProcess _engram = new();

    public void Dispose() => _engram.Dispose();

    public static TheoryData<string[]> Commands() => new()
    {
        new[] { "ls" }, new[] { "ls", "/org" }, new[] { "cat", "/a.md" }, new[] { "write", "/a.md" }, new[] { "mv", "/a.md", "/b.md" }, new[] { "rm", "/a.md" },
        new[] { "log" }, new[] { "diff", "/a.md" }, new[] { "revert", "/a.md", "--to", "memver_1" }, new[] { "search", "deploy" }, new[] { "catalog" },
        new[] { "context" }, new[] { "store", "list" }, new[] { "store", "create", "team" }, new[] { "keys", "list" }, new[] { "sessions", "list" },
        new[] { "sessions", "start", "--agent", "scout" }, new[] { "policy", "list" }, new[] { "proposals", "list" }, new[] { "audit" },
        new[] { "dreams", "list" }, new[] { "dream", "--since", "7d" }, new[] { "sync", "notes", "--once", "--state", "sync-state" },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Every_command_names_a_server_nothing_listens_on_and_exits_6(string[] command)
    {
        var url = $"http://127.0.0.1:{Loopback.ClosedPort()}";

        var result = await _engram.RunAsync(["--server", url, "--api-key", "k", .. command], "content\n");

        Assert.True(result.ExitCode == 6, $"exit {result.ExitCode}\nstdout: {result.Out}\nstderr: {result.Error}");
        Assert.Contains($"could not reach the Engram server at {url}: connection refused", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("I/O exception", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_name_no_one_can_resolve_is_named_as_a_DNS_failure()
    {
        var result = await _engram.RunAsync("--server", "http://engram.invalid", "--api-key", "k", "--json", "ls");

        Assert.Equal(6, result.ExitCode);
        Assert.Contains("could not reach the Engram server at http://engram.invalid: DNS: the host name engram.invalid could not be resolved", result.Error, StringComparison.Ordinal);
        Assert.Contains("\"type\":\"connection_error\"", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_https_url_for_a_server_that_does_not_speak_TLS_is_named_as_a_TLS_failure()
    {
        using var plain = new TcpListener(IPAddress.Loopback, 0);
        plain.Start();
        var port = ((IPEndPoint)plain.LocalEndpoint).Port;
        using var stop = new CancellationTokenSource();
        var answering = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var client = await plain.AcceptTcpClientAsync(stop.Token);
                await client.GetStream().WriteAsync("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"u8.ToArray(), stop.Token);
            }
        });

        var result = await _engram.RunAsync("--server", $"https://127.0.0.1:{port}", "--api-key", "k", "store", "list");
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => answering);

        Assert.Equal(6, result.ExitCode);
        Assert.Contains($"could not reach the Engram server at https://127.0.0.1:{port}: TLS: the secure connection with 127.0.0.1:{port} failed", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_that_times_out_is_named_as_a_timeout_not_as_a_cancellation()
    {
        await using var client = new RemoteEngramClient("http://127.0.0.1:9", "k", new TimingOut());

        var unavailable = await Assert.ThrowsAsync<ServerUnavailableException>(() => client.ListStoresAsync(new Engram.Memories.StoreListQuery()));

        Assert.Equal(Errors.ErrorType.Unavailable, unavailable.Type);
        Assert.Equal("could not reach the Engram server at http://127.0.0.1:9: timed out: 127.0.0.1:9 gave no answer in time", unavailable.Message);
    }

    /// <summary>What HttpClient throws when its timeout elapses: a cancellation caused by a <see cref="TimeoutException"/>.</summary>
    private sealed class TimingOut : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout of 100 seconds elapsing.", new TimeoutException("The operation was canceled."));
    }
}
