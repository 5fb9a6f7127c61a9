using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Engram.Dreaming.Dreams;
using Xunit.Abstractions;

namespace Engram.Cli.Tests;

/// <summary>
/// <c>engram dream</c> killed with SIGKILL in the middle of its signal pass, then <c>engram dreams resume</c>: the
/// dream ends as if it had never stopped, its proposals filed once with exact statistics.
/// </summary>
public sealed class DreamKillTests(ITestOutputHelper output) : IDisposable
{
    private const string Since = "2026-01-01T00:00:00Z";

    /// <summary>Far beyond the seconds a dream of the corpus takes: only a hung dream reaches it.</summary>
    private static readonly TimeSpan PollLimit = TimeSpan.FromSeconds(90);

    private readonly EngramProcess _engram = new();

    public void Dispose() => _engram.Dispose();

    [Fact]
    public async Task A_dream_killed_mid_analysis_resumes_to_the_same_end_with_each_proposal_filed_once()
    {
        var clock = Stopwatch.StartNew();
        (await _engram.RunAsync("init")).Ok();
        (await _engram.RunAsync("store", "create", "team")).Ok();
        var folders = DreamKillCorpus.Write(Path.Combine(_engram.Root, "transcripts"));
        await Task.WhenAll(folders.Select(async f => (await _engram.RunAsync("sessions", "import", f.Value, "--agent", f.Key)).Ok()));
        output.WriteLine($"corpus written and imported in {clock.Elapsed.TotalSeconds:N1} s");

        clock.Restart();
        var (id, killed, phase) = await DreamAndKillAsync();
        output.WriteLine($"killed after {clock.Elapsed.TotalSeconds:N1} s: {phase}");

        clock.Restart();
        var resumed = await _engram.RunAsync("dreams", "resume", id, "--json");
        output.WriteLine($"resumed in {clock.Elapsed.TotalSeconds:N1} s");

        var dream = resumed.Ok().Json;
        if (killed.MidAnalysis)
        {
            // The resumed run starts from the batches recorded before the kill, not from the first session.
            Assert.StartsWith(string.Create(CultureInfo.InvariantCulture, $"analyzing: {killed.Analyzed:N0}/{killed.Total:N0} sessions"), resumed.Error, StringComparison.Ordinal);
        }

        Assert.Equal("completed", dream.GetProperty("status").GetString());
        var progress = dream.GetProperty("progress");
        Assert.Equal("done", progress.GetProperty("stage").GetString());
        Assert.Equal(DreamKillCorpus.Sessions, progress.GetProperty("sessions_total").GetInt32());
        Assert.Equal(DreamKillCorpus.Sessions, progress.GetProperty("sessions_analyzed").GetInt32());
        Assert.Equal(2, progress.GetProperty("proposals").GetInt32());

        var proposals = (await _engram.RunAsync("proposals", "list", "--store", "team", "--dream", id, "--status", "all", "--json")).Ok().Json.GetProperty("data");
        Assert.Equal(2, proposals.GetArrayLength());
        var pytest = Assert.Single(proposals.EnumerateArray(), p => Kind(p) == "environment_fact");
        AssertStatistics(pytest, DreamKillCorpus.PytestSessions);
        Assert.Equal("`pytest` is not installed", pytest.GetProperty("origin").GetProperty("title").GetString());
        Assert.Equal("/org/environment.md", pytest.GetProperty("path").GetString());
        var pnpm = Assert.Single(proposals.EnumerateArray(), p => Kind(p) == "user_correction");
        AssertStatistics(pnpm, DreamKillCorpus.Corrected.Length);
        Assert.Equal("/org/conventions.md", pnpm.GetProperty("path").GetString());

        // One output store, holding the trusted proposal only (the fix learned from tool output waits for review).
        var outputStore = dream.GetProperty("outputs")[0].GetProperty("memory_store_id").GetString()!;
        Assert.Equal(2, (await _engram.RunAsync("store", "list", "--all", "--json")).Ok().Json.GetProperty("data").GetArrayLength());
        Assert.Equal("/org/conventions.md\n", (await _engram.RunAsync("ls", "--store", outputStore)).Ok().Out);

        // Resuming a completed dream again changes nothing.
        var before = await SnapshotAsync(id);
        var again = (await _engram.RunAsync("dreams", "resume", id, "--json")).Ok().Json;
        Assert.Equal("completed", again.GetProperty("status").GetString());
        Assert.Equal(before, await SnapshotAsync(id));
    }

    /// <summary>
    /// Starts the dream as a child process, polls the data directory from other processes until some but not all of
    /// its sessions' analyses are recorded, and kills it (at once, SIGKILL). The dream's id, its state as the kill left
    /// it, and where the kill landed.
    /// </summary>
    private async Task<(string Id, DreamState Killed, string Phase)> DreamAndKillAsync()
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _engram.Root };
        foreach (var arg in (string[])[Path.Combine(AppContext.BaseDirectory, "Engram.Cli.dll"), "--data", _engram.Data, "dream", "--store", "team", "--since", Since])
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("ENGRAM_DATA");
        start.Environment.Remove("ENGRAM_STORE");
        using var dreaming = Process.Start(EngramProcess.WithoutModels(start))!;
        var stdout = dreaming.StandardOutput.ReadToEndAsync();
        var stderr = dreaming.StandardError.ReadToEndAsync();
        var polls = 0;
        var seenMidAnalysis = false;
        var deadline = Stopwatch.StartNew();
        while (!dreaming.HasExited && deadline.Elapsed < PollLimit)
        {
            polls++;
            var dreams = (await _engram.RunAsync("dreams", "list", "--json")).Ok().Json.GetProperty("data");
            if (dreams.GetArrayLength() == 0)
            {
                continue; // not created yet
            }

            var state = State(dreams[0]);
            seenMidAnalysis = state.MidAnalysis;
            if (state.MidAnalysis || state.PastAnalysis)
            {
                break;
            }
        }

        var exitedAlone = dreaming.HasExited;
        if (!exitedAlone)
        {
            dreaming.Kill(entireProcessTree: true); // SIGKILL
        }

        await dreaming.WaitForExitAsync();
        var (ran, errors) = (await stdout, await stderr);
        output.WriteLine($"{polls} polls; dream stdout: {ran.Trim()}\nstderr: {errors.Trim()}");
        Assert.False(!exitedAlone && deadline.Elapsed >= PollLimit, "the dream recorded no progress within the limit");

        var dream = (await _engram.RunAsync("dreams", "list", "--json")).Ok().Json.GetProperty("data")[0];
        var id = dream.GetProperty("id").GetString()!;
        var killed = State(dream);
        if (killed.MidAnalysis)
        {
            // Nothing of the output is written before the analysis ends; what is recorded is whole batches.
            Assert.Empty((await _engram.RunAsync("proposals", "list", "--store", "team", "--dream", id, "--status", "all", "--json")).Ok().Json.GetProperty("data").EnumerateArray());
            Assert.Equal(1, (await _engram.RunAsync("store", "list", "--all", "--json")).Ok().Json.GetProperty("data").GetArrayLength());
            Assert.Equal(0, killed.Analyzed % DreamRunner.SessionsPerAnalysisBatch);
        }

        var phase = exitedAlone ? $"the dream finished before the kill ({killed})"
            : killed.MidAnalysis ? $"mid-analysis ({killed})"
            : $"not mid-analysis ({killed}; seen mid-analysis by the last poll: {seenMidAnalysis})";
        return (id, killed, phase);
    }

    private static DreamState State(JsonElement dream)
    {
        var progress = dream.GetProperty("progress");
        return new DreamState(
            dream.GetProperty("status").GetString()!, progress.GetProperty("stage").GetString()!,
            progress.GetProperty("sessions_analyzed").GetInt32(), progress.GetProperty("sessions_total").GetInt32());
    }

    /// <summary>What a second resume must leave as it is: the dream, its proposals and the stores.</summary>
    private async Task<string> SnapshotAsync(string id) => string.Join(
        '\n',
        (await _engram.RunAsync("dreams", "show", id, "--json")).Ok().Out,
        (await _engram.RunAsync("proposals", "list", "--store", "team", "--dream", id, "--status", "all", "--json")).Ok().Out,
        (await _engram.RunAsync("store", "list", "--all", "--json")).Ok().Out);

    private static string? Kind(JsonElement proposal) => proposal.GetProperty("origin").GetProperty("kind").GetString();

    private static void AssertStatistics(JsonElement proposal, int sessions)
    {
        var statistics = proposal.GetProperty("origin").GetProperty("statistics");
        Assert.Equal(sessions, statistics.GetProperty("sessions").GetInt32());
        Assert.Equal(DreamKillCorpus.Sessions, statistics.GetProperty("sessions_read").GetInt32());
        Assert.Equal(DreamKillCorpus.Agents, statistics.GetProperty("agents").EnumerateArray().Select(a => a.GetString()!));
        Assert.Equal("pending", proposal.GetProperty("status").GetString());
    }

    /// <summary>A dream's status and progress as <c>dreams list --json</c> shows them.</summary>
    private sealed record DreamState(string Status, string Stage, int Analyzed, int Total)
    {
        public bool MidAnalysis => Status == "running" && Stage == "analyzing" && Analyzed > 0 && Analyzed < Total;

        public bool PastAnalysis => Status is not ("pending" or "running") || Stage != "analyzing" || (Analyzed == Total && Total > 0);

        public override string ToString() => $"{Status}, stage {Stage}, {Analyzed} of {Total} sessions analysed";
    }
}
