namespace Engram.Cli.Tests;

/// <summary>Where <c>engram demo</c> writes: the data directory named by <c>--data</c> or <c>$ENGRAM_DATA</c> when it is new or empty, else a temporary one; never into data that exists.</summary>
public sealed class DemoCommandTests : IDisposable
{
    private readonly EngramProcess _engram = new();

    public void Dispose() => _engram.Dispose();

    private static IReadOnlyDictionary<string, string> NoEnvironment { get; } = new Dictionary<string, string>();

    [Fact]
    public async Task The_demo_writes_its_data_directory_where_data_names_it()
    {
        var named = Path.Combine(_engram.Root, "tour");

        // As the checkout's ./engram script runs it: the commands to explore with are the script's, not the .NET tool's (not on PATH in a clone).
        var demo = (await _engram.RunWithEnvironmentAsync(named, new Dictionary<string, string> { ["ENGRAM_INVOKED_AS"] = "./engram" }, ["demo"])).Ok();

        Assert.Contains($"(data directory: {named})", demo.Out, StringComparison.Ordinal);
        Assert.Contains($"\n   ./engram --data {named} --store acme-payments ls -l\n", demo.Out, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"(?m)^\s*engram ", demo.Out);
        Assert.Matches($@"review them in a browser: \./engram --data {System.Text.RegularExpressions.Regex.Escape(named)} serve, then http://127\.0\.0\.1:8420/ui/proposals\?dream=drm_\w+\n", demo.Out);
        Assert.Matches(@"sign in with alice's admin key, shown this once: engram_sk_\S+\n", demo.Out);
        var stores = (await _engram.RunWithDataAsync(named, ["store", "list"])).Ok().Out;
        Assert.Contains("acme-payments", stores, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_demo_writes_into_an_empty_directory_named_by_ENGRAM_DATA()
    {
        var named = Directory.CreateDirectory(Path.Combine(_engram.Root, "empty")).FullName;

        var demo = (await _engram.RunWithEnvironmentAsync(null, new Dictionary<string, string> { ["ENGRAM_DATA"] = named }, ["demo"])).Ok();

        Assert.Contains($"(data directory: {named})", demo.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_named_directory_the_demo_writes_a_new_temporary_one()
    {
        var temporary = Directory.CreateDirectory(Path.Combine(_engram.Root, "tmp")).FullName;

        var demo = (await _engram.RunWithEnvironmentAsync(null, new Dictionary<string, string> { ["TMPDIR"] = temporary + "/" }, ["demo"])).Ok();

        var written = Assert.Single(Directory.GetDirectories(temporary, "engram-demo-*"));
        Assert.Contains($"(data directory: {written})", demo.Out, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_engram.Root, ".engram")));
    }

    [Fact]
    public async Task The_demo_refuses_an_existing_data_directory_and_changes_nothing_in_it()
    {
        (await _engram.RunAsync("init")).Ok();
        (await _engram.RunAsync("store", "create", "team")).Ok();
        var before = Snapshot(_engram.Data);

        var refused = await _engram.RunAsync("demo");

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains($"--data: {_engram.Data} is an Engram data directory already", refused.Error, StringComparison.Ordinal);
        Assert.Equal("", refused.Out);
        Assert.Equal(before, Snapshot(_engram.Data));
        Assert.DoesNotContain("acme-payments", (await _engram.RunAsync("store", "list")).Ok().Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_demo_refuses_a_data_directory_named_by_ENGRAM_DATA_naming_the_variable()
    {
        (await _engram.RunAsync("init")).Ok();

        var refused = await _engram.RunWithEnvironmentAsync(null, new Dictionary<string, string> { ["ENGRAM_DATA"] = _engram.Data }, ["demo"]);

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains($"$ENGRAM_DATA: {_engram.Data} is an Engram data directory already", refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_demo_refuses_a_directory_that_holds_anything_and_a_file_and_writes_nothing()
    {
        var full = Directory.CreateDirectory(Path.Combine(_engram.Root, "full")).FullName;
        File.WriteAllText(Path.Combine(full, "notes.txt"), "mine\n");
        var file = Path.Combine(_engram.Root, "a-file");
        File.WriteAllText(file, "not a directory\n");

        var notEmpty = await _engram.RunWithDataAsync(full, ["demo"]);
        var notDirectory = await _engram.RunWithDataAsync(file, ["demo"]);

        Assert.Equal(2, notEmpty.ExitCode);
        Assert.Contains($"--data: {full} is not empty", notEmpty.Error, StringComparison.Ordinal);
        Assert.Equal(["notes.txt"], Directory.GetFileSystemEntries(full).Select(Path.GetFileName));
        Assert.Equal(2, notDirectory.ExitCode);
        Assert.Contains($"--data: {file} is a file", notDirectory.Error, StringComparison.Ordinal);
        Assert.Equal("not a directory\n", File.ReadAllText(file));
    }

    [Fact]
    public async Task The_demo_refuses_a_server_since_it_runs_on_a_data_directory_of_its_own()
    {
        var refused = await _engram.RunWithEnvironmentAsync(null, NoEnvironment, ["demo", "--server", "http://127.0.0.1:9", "--api-key", "engram_sk_x"]);

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("--server: the demo runs on a local data directory", refused.Error, StringComparison.Ordinal);
    }

    /// <summary>Every file under <paramref name="root"/> with its size and write time.</summary>
    private static List<string> Snapshot(string root) =>
        [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => $"{Path.GetRelativePath(root, f)} {new FileInfo(f).Length} {File.GetLastWriteTimeUtc(f):O}")];
}
