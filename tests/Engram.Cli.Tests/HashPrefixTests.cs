namespace Engram.Cli.Tests;

/// <summary>
/// <c>--expect-sha256</c> takes the hash as <c>ls -l</c> and <c>log</c> print it (its first 12 characters) on every
/// command that has it: a prefix of the current hash holds, any other is the usual stale precondition (exit 4).
/// </summary>
public sealed class HashPrefixTests : IDisposable
{
    private readonly EngramProcess _engram = new();

    public void Dispose() => _engram.Dispose();

    private async Task<string> ListedHashAsync(string path) =>
        (await _engram.RunAsync("ls", "-l", path[..(path.LastIndexOf('/') + 1)])).Ok().Out
            .Split('\n').Single(line => line.EndsWith(" " + path, StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[2];

    private async Task<string> ContentAsync(string path) => (await _engram.RunAsync("cat", path)).Ok().Out;

    private async Task StartAsync()
    {
        (await _engram.RunAsync("init")).Ok();
        (await _engram.RunAsync("store", "create", "team")).Ok();
        (await _engram.RunAsync(["write", "/notes/a.md"], "one\n")).Ok();
    }

    [Fact]
    public async Task Write_takes_the_hash_ls_l_prints_and_refuses_it_once_the_content_moved_on()
    {
        await StartAsync();
        var listed = await ListedHashAsync("/notes/a.md");
        Assert.Equal(12, listed.Length);

        (await _engram.RunAsync(["write", "/notes/a.md", "--expect-sha256", listed], "two\n")).Ok();
        var stale = await _engram.RunAsync(["write", "/notes/a.md", "--expect-sha256", listed], "lost?\n");
        var unchanged = await _engram.RunAsync(["write", "/notes/a.md", "--expect-sha256", listed], "two\n");

        Assert.Equal(4, stale.ExitCode);
        Assert.Contains($"no longer has a content_sha256 starting {listed}", stale.Error, StringComparison.Ordinal);
        Assert.Equal("two\n", await ContentAsync("/notes/a.md"));
        Assert.Equal(0, unchanged.ExitCode); // identical content is unchanged whatever the precondition, as with a full hash
        Assert.StartsWith("unchanged /notes/a.md", unchanged.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("98ea6e4f216")]
    [InlineData("98ea6e4f216z")]
    public async Task A_hash_too_short_or_not_hexadecimal_is_refused_naming_the_option_and_changes_nothing(string given)
    {
        await StartAsync();

        var refused = await _engram.RunAsync(["write", "/notes/a.md", "--expect-sha256", given], "two\n");

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("--expect-sha256: must be the content's SHA-256 (64 hexadecimal characters) or its first 12 or more", refused.Error, StringComparison.Ordinal);
        Assert.Equal("one\n", await ContentAsync("/notes/a.md"));
    }

    [Fact]
    public async Task Mv_rm_and_revert_take_the_listed_hash_too()
    {
        await StartAsync();
        var first = (await _engram.RunAsync("log", "/notes/a.md", "--json")).Ok().Json.GetProperty("data")[0].GetProperty("id").GetString()!;
        var one = await ListedHashAsync("/notes/a.md");
        (await _engram.RunAsync(["write", "/notes/a.md"], "two\n")).Ok();
        var two = await ListedHashAsync("/notes/a.md");

        Assert.Equal(4, (await _engram.RunAsync("mv", "/notes/a.md", "/notes/b.md", "--expect-sha256", one)).ExitCode);
        (await _engram.RunAsync("mv", "/notes/a.md", "/notes/b.md", "--expect-sha256", two)).Ok();
        Assert.Equal(4, (await _engram.RunAsync("revert", "/notes/b.md", "--to", first, "--expect-sha256", one)).ExitCode);
        (await _engram.RunAsync("revert", "/notes/b.md", "--to", first, "--expect-sha256", two)).Ok();
        Assert.Equal("one\n", await ContentAsync("/notes/b.md"));
        Assert.Equal(4, (await _engram.RunAsync("rm", "/notes/b.md", "--expect-sha256", two)).ExitCode);
        (await _engram.RunAsync("rm", "/notes/b.md", "--expect-sha256", one)).Ok();
        Assert.Equal(3, (await _engram.RunAsync("cat", "/notes/b.md")).ExitCode);
    }

    [Fact]
    public async Task Accept_with_merge_takes_a_prefix_of_the_hash_the_merge_was_offered_against()
    {
        await StartAsync();
        (await _engram.RunAsync(["write", "/org/rules.md"], "be kind\nbe brief\nbe right\n")).Ok();
        var token = (await _engram.RunAsync("sessions", "start", "--agent", "scout", "--json")).Ok().Json.GetProperty("token").GetString()!;
        var proposed = await _engram.RunAsync(["--api-key", token, "write", "/org/rules.md"], "be kind, always\nbe brief\nbe right\n");
        Assert.Equal(7, proposed.ExitCode);
        var proposal = (await _engram.RunAsync("proposals", "list", "--json")).Ok().Json.GetProperty("data")[0].GetProperty("id").GetString()!;
        (await _engram.RunAsync(["write", "/org/rules.md"], "be kind\nbe brief\nbe right, with sources\n")).Ok();
        var current = await ListedHashAsync("/org/rules.md");

        Assert.Equal(4, (await _engram.RunAsync("proposals", "accept", proposal, "--merge", "--expect-sha256", "0123456789ab")).ExitCode);
        (await _engram.RunAsync("proposals", "accept", proposal, "--merge", "--expect-sha256", current)).Ok();

        Assert.Equal("be kind, always\nbe brief\nbe right, with sources\n", await ContentAsync("/org/rules.md"));
    }

    [Fact]
    public async Task A_prefix_works_the_same_against_a_server()
    {
        var admin = (await _engram.RunAsync("init", "--json")).Ok().Json.GetProperty("api_key").GetProperty("secret").GetString()!;
        (await _engram.RunAsync("store", "create", "team")).Ok();
        (await _engram.RunAsync(["write", "/notes/a.md"], "one\n")).Ok();
        var listed = await ListedHashAsync("/notes/a.md");
        await using var server = await ServeProcess.StartAsync(_engram.Data);
        string[] remote = ["--server", server.Url, "--api-key", admin];

        (await _engram.RunAsync([.. remote, "write", "/notes/a.md", "--expect-sha256", listed], "two\n")).Ok();
        var stale = await _engram.RunAsync([.. remote, "write", "/notes/a.md", "--expect-sha256", listed], "three\n");

        Assert.Equal(4, stale.ExitCode);
        Assert.Equal("two\n", await ContentAsync("/notes/a.md"));
    }
}
