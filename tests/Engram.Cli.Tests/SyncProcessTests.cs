using System.Diagnostics;

namespace Engram.Cli.Tests;

/// <summary><c>engram sync</c> as a process: killed with SIGKILL in the middle of a run, it resumes without losing or repeating a write; its exit code says how a run ended.</summary>
public sealed class SyncProcessTests : IDisposable
{
    private const int Files = 2_000; // a run of several seconds, so the kill lands in its middle on any machine
    private const int KillAfter = 20;
    private readonly EngramProcess _engram = new();

    public void Dispose() => _engram.Dispose();

    [Fact]
    public async Task A_sync_killed_mid_run_resumes_without_loss_or_duplicate_versions()
    {
        (await _engram.RunAsync("init")).Ok();
        (await _engram.RunAsync("store", "create", "team")).Ok();
        var dir = Path.Combine(_engram.Root, "notes");
        for (var i = 0; i < Files; i++)
        {
            Directory.CreateDirectory(Path.Combine(dir, $"d{i % 10}"));
            File.WriteAllText(Path.Combine(dir, $"d{i % 10}", $"n{i}.md"), $"note {i}\n");
        }

        var state = Path.Combine(_engram.Root, "sync-state");
        string? Journal() => Directory.Exists(state) ? Directory.EnumerateFiles(state, "journal.jsonl", SearchOption.AllDirectories).SingleOrDefault() : null;
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _engram.Root };
        foreach (var arg in (string[])[Path.Combine(AppContext.BaseDirectory, "Engram.Cli.dll"), "--data", _engram.Data, "sync", dir, "--once", "--state", state])
        {
            start.ArgumentList.Add(arg);
        }

        using (var sync = Process.Start(EngramProcess.WithoutModels(start))!)
        {
            var deadline = Stopwatch.StartNew();
            while (!sync.HasExited && (Journal() is not { } journal || File.ReadLines(journal).Count() < KillAfter) && deadline.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(1);
            }

            Assert.False(sync.HasExited, "the sync finished before it could be killed; make the test's run longer");
            sync.Kill(entireProcessTree: true); // SIGKILL
            await sync.WaitForExitAsync();
        }

        var resumed = (await _engram.RunAsync("sync", dir, "--once", "--json", "--state", state)).Ok().Json;
        Assert.InRange(resumed.GetProperty("pushed").GetArrayLength(), 1, Files - KillAfter);

        var listed = (await _engram.RunAsync("ls")).Ok().Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Files, listed.Length);
        var versions = (await _engram.RunAsync("log", "--json")).Ok().Json.GetProperty("data").EnumerateArray().Select(v => v.GetProperty("memory_id").GetString()!).ToList();
        Assert.Equal(Files, versions.Count);
        Assert.Equal(Files, versions.Distinct(StringComparer.Ordinal).Count());
        Assert.False((await _engram.RunAsync("sync", dir, "--once", "--json", "--state", state)).Ok().Json.GetProperty("pushed").GetArrayLength() > 0);
    }

    [Fact]
    public async Task A_sync_that_kept_a_conflict_beside_its_file_exits_4_and_the_next_one_in_step_exits_0()
    {
        (await _engram.RunAsync("init")).Ok();
        (await _engram.RunAsync("store", "create", "team")).Ok();
        (await _engram.RunAsync(["write", "/a.md"], "one\n")).Ok();
        var dir = Path.Combine(_engram.Root, "notes");
        var state = Path.Combine(_engram.Root, "sync-state");
        (await _engram.RunAsync("sync", dir, "--once", "--state", state)).Ok();
        (await _engram.RunAsync(["write", "/a.md"], "two, there\n")).Ok();
        File.WriteAllText(Path.Combine(dir, "a.md"), "two, here\n");

        var conflicted = await _engram.RunAsync("sync", dir, "--once", "--state", state);
        var after = await _engram.RunAsync("sync", dir, "--once", "--state", state);

        Assert.Equal(4, conflicted.ExitCode);
        Assert.Contains("conflict /a.md", conflicted.Out, StringComparison.Ordinal);
        Assert.Equal("two, here\n", File.ReadAllText(Assert.Single(Directory.GetFiles(dir, "a.conflict-*"))));
        Assert.Equal((0, "in step\n"), (after.ExitCode, after.Out));
    }
}
