using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Engram.Cli.Tests;

public sealed class RemoteModeTests : IDisposable
{
    private readonly EngramProcess _engram = new();

    public void Dispose() => _engram.Dispose();

    private async Task<string> InitAsync() =>
        (await _engram.RunAsync("init", "--json")).Ok().Json.GetProperty("api_key").GetProperty("secret").GetString()!;

    private Task<EngramProcess.Result> Remote(string url, string key, string[] args, string? stdin = null) =>
        _engram.RunAsync(["--server", url, "--api-key", key, .. args], stdin);

    [Fact]
    public async Task Every_command_runs_against_the_server_with_the_same_results_and_exit_codes()
    {
        var admin = await InitAsync();
        await using var server = await ServeProcess.StartAsync(_engram.Data);

        (await Remote(server.Url, admin, ["store", "create", "team", "-d", "remote"])).Ok();
        var written = (await Remote(server.Url, admin, ["write", "/notes/a.md", "--json", "--reason", "first"], "hello\n")).Ok().Json;
        var sha = written.GetProperty("content_sha256").GetString()!;
        Assert.Equal("hello\n", (await Remote(server.Url, admin, ["cat", "/notes/a.md"])).Ok().Out);
        Assert.Equal("/notes/a.md\n", (await Remote(server.Url, admin, ["ls"])).Ok().Out);
        Assert.Equal("/notes/\n", (await Remote(server.Url, admin, ["ls", "--depth", "1"])).Ok().Out);

        (await Remote(server.Url, admin, ["write", "/notes/a.md", "--expect-sha256", sha], "hello again\n")).Ok();
        var stale = await Remote(server.Url, admin, ["write", "/notes/a.md", "--expect-sha256", sha], "lost?\n");
        Assert.Equal(4, stale.ExitCode);
        Assert.Contains("no longer has content_sha256", stale.Error, StringComparison.Ordinal);
        Assert.Equal(3, (await Remote(server.Url, admin, ["cat", "/missing.md"])).ExitCode);
        Assert.Equal(2, (await Remote(server.Url, admin, ["write", "bad-path"], "x")).ExitCode);

        var diff = (await Remote(server.Url, admin, ["diff", "/notes/a.md"])).Ok().Out;
        Assert.Contains("+hello again", diff, StringComparison.Ordinal);
        var log = (await Remote(server.Url, admin, ["log", "/notes/a.md"])).Ok().Out;
        Assert.Contains("reason: first", log, StringComparison.Ordinal);
        Assert.Contains("user:user_", log, StringComparison.Ordinal);

        // The server's writes are the data directory's: a local read sees them.
        Assert.Equal("hello again\n", (await _engram.RunAsync("cat", "/notes/a.md")).Ok().Out);
    }

    [Fact]
    public async Task Keys_created_remotely_act_as_their_principal_and_stop_working_when_revoked()
    {
        var admin = await InitAsync();
        await using var server = await ServeProcess.StartAsync(_engram.Data);
        (await Remote(server.Url, admin, ["store", "create", "team"])).Ok();

        var created = (await Remote(server.Url, admin, ["keys", "create", "--new-user", "bob", "--name", "bob laptop", "--json"])).Ok().Json;
        var bobKey = created.GetProperty("secret").GetString()!;
        var bobKeyId = created.GetProperty("id").GetString()!;
        var bob = created.GetProperty("principal_id").GetString()!;

        (await Remote(server.Url, bobKey, ["write", "/bob.md"], "by bob")).Ok();
        var versions = (await Remote(server.Url, admin, ["log", "/bob.md", "--json"])).Ok().Json.GetProperty("data");
        Assert.Equal(bob, versions[0].GetProperty("created_by").GetProperty("user_id").GetString());
        Assert.Equal(bobKeyId, versions[0].GetProperty("api_key_id").GetString());

        Assert.Equal(5, (await Remote(server.Url, bobKey, ["keys", "create", "--new-user", "mallory"])).ExitCode);
        var listed = (await Remote(server.Url, admin, ["keys", "list"])).Ok().Out;
        Assert.Contains("bob laptop", listed, StringComparison.Ordinal);
        Assert.DoesNotContain(bobKey, listed, StringComparison.Ordinal);

        (await Remote(server.Url, admin, ["keys", "revoke", bobKeyId])).Ok();
        var refused = await Remote(server.Url, bobKey, ["ls"]);
        Assert.Equal(5, refused.ExitCode);
        Assert.Contains("invalid API key", refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Remote_mode_needs_an_api_key()
    {
        var result = await _engram.RunAsync("--server", "http://127.0.0.1:9", "ls");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--api-key", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sigterm_lets_writes_in_flight_finish_and_loses_no_acknowledged_write()
    {
        var admin = await InitAsync();
        var server = await ServeProcess.StartAsync(_engram.Data, "--rate-limit", "0");
        using var http = new HttpClient { BaseAddress = new Uri(server.Url) };
        http.DefaultRequestHeaders.Add("x-api-key", admin);
        var store = (await (await http.PostAsJsonAsync("/v1/memory_stores", new { name = "shutdown" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var acknowledged = new System.Collections.Concurrent.ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                try
                {
                    using var response = await http.PostAsJsonAsync($"/v1/memory_stores/{store}/memories", new { path = $"/w{w}/{i}.md", content = $"{w}/{i}" });
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        acknowledged.Add($"/w{w}/{i}.md");
                    }
                }
                catch (HttpRequestException)
                {
                    return; // the server stopped accepting connections
                }
            }
        })).ToList();

        await Task.Delay(1500);
        var (exitCode, _, error) = await server.TerminateAsync();
        await stop.CancelAsync();
        await Task.WhenAll(writers);
        await server.DisposeAsync();

        Assert.Equal(0, exitCode);
        Assert.NotEmpty(acknowledged);
        var stored = (await _engram.RunAsync("ls", "--store", "shutdown")).Ok().Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        Assert.All(acknowledged, path => Assert.Contains(path, stored));
        Assert.Contains("serving", error, StringComparison.Ordinal);
    }
}
