using Engram.Errors;

namespace Engram.Sessions.Tests;

/// <summary>
/// Importing what real fleets write: directories of mini-swe-agent and SWE-agent runs (agent = the model), hosted
/// sessions exported with their session object (agent = the one it names), copies of transcripts found at other paths
/// (no second session), and Claude Code sub-agent transcripts (part of their session).
/// </summary>
public sealed class FleetImportTests : IAsyncLifetime
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures");

    private SessionWorld _world = null!;

    public async Task InitializeAsync() => _world = await SessionWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private Task<ImportSummary> ImportAsync(string path, string? agent = null) =>
        new TranscriptImporter(_world.Admin).ImportAsync(path, new ImportOptions("auto", agent), null, CancellationToken.None);

    /// <summary>Copies fixtures into the world's files as a run directory would hold them: <c>runs/&lt;instance&gt;/&lt;file&gt;</c> for mini-swe-agent, flat for SWE-agent.</summary>
    private string Runs()
    {
        var runs = Path.Combine(_world.Files, "runs");
        foreach (var file in Directory.GetFiles(Path.Combine(Fixtures, "mini-swe-agent"), "*.traj.json"))
        {
            var name = Path.GetFileName(file);
            var folder = Directory.CreateDirectory(Path.Combine(runs, "mini", name[..name.IndexOf('.', StringComparison.Ordinal)])).FullName;
            File.Copy(file, Path.Combine(folder, name));
        }

        Directory.CreateDirectory(Path.Combine(runs, "swe"));
        foreach (var file in Directory.GetFiles(Path.Combine(Fixtures, "swe-agent"), "*.traj"))
        {
            File.Copy(file, Path.Combine(runs, "swe", Path.GetFileName(file)));
        }

        File.Copy(Path.Combine(Fixtures, "swe-agent", "LICENSE"), Path.Combine(runs, "swe", "LICENSE"));
        return runs;
    }

    [Fact]
    public async Task A_directory_of_runs_becomes_one_session_per_run_each_named_after_its_model()
    {
        var summary = await ImportAsync(Runs());

        Assert.Equal((5, 5, 0), (summary.Files, summary.NewSessions, summary.Unrecognized.Count));
        Assert.Empty(summary.Skipped);
        var sessions = (await _world.Admin.ListSessionsAsync()).Data;
        Assert.Equal(
            ["gemini-3-pro-preview", "gemini-3-pro-preview", "gpt-4o", "swe-agent", "swe-agent"],
            sessions.Select(s => s.Agent).Order(StringComparer.Ordinal));
        var transcripts = await Task.WhenAll(sessions.Select(s => _world.Admin.GetTranscriptAsync(s.Id)));
        Assert.Equal(["mini-swe-agent", "mini-swe-agent", "swe-agent", "swe-agent", "swe-agent"], transcripts.Select(t => t!.Format).Order(StringComparer.Ordinal));
        var sympy = transcripts.Single(t => t!.Metadata.Title == "sympy__sympy-24443")!;
        Assert.Equal(("Submitted", "sympy/sympy", "google/gemini-3-pro-preview"), (sympy.Metadata.Outcome, sympy.Metadata.Project, sympy.Metadata.Model));
        Assert.Equal("sympy__sympy-24443", sessions.Single(s => s.Id == sympy.SessionId).Title);
    }

    /// <summary>A hosted session's export: the session object (naming its agent), then its events.</summary>
    private static string HostedExport(string agent, string id) => string.Join('\n',
        $$$"""{"type":"session","id":"{{{id}}}","title":"Roll out payments","agent":{"type":"agent","id":"agent_1","name":"{{{agent}}}","version":1}}""",
        """{"type":"user.message","id":"e1","processed_at":"2026-11-16T10:00:07Z","content":"Roll out payments."}""",
        """{"type":"agent.message","id":"e2","processed_at":"2026-11-16T10:00:09Z","content":"Rolled out."}""") + "\n";

    [Fact]
    public async Task Hosted_exports_are_recorded_under_the_agent_each_session_object_names()
    {
        _world.Write("fleet/a.jsonl", HostedExport("deployer", "sesn_a"));
        _world.Write("fleet/b.jsonl", HostedExport("Release Bot", "sesn_b"));
        _world.Write("fleet/c.jsonl", """{"type":"user.message","id":"e1","content":"no session object here"}""" + "\n");

        var summary = await ImportAsync(Path.Combine(_world.Files, "fleet"));

        Assert.Equal(3, summary.NewSessions);
        Assert.Equal(["deployer", "events", "release-bot"], (await _world.Admin.ListSessionsAsync()).Data.Select(s => s.Agent).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_agent_named_by_the_import_is_kept_rather_than_the_one_the_session_object_names()
    {
        _world.Write("fleet/a.jsonl", HostedExport("deployer", "sesn_a"));

        await ImportAsync(Path.Combine(_world.Files, "fleet"), agent: "fleet-a");

        Assert.Equal("fleet-a", Assert.Single((await _world.Admin.ListSessionsAsync()).Data).Agent);
    }

    [Fact]
    public async Task Exit_codes_and_harness_feedback_are_stored_and_read_back()
    {
        var summary = await ImportAsync(Path.Combine(Fixtures, "mini-swe-agent", "sympy__sympy-24443.traj.json"));

        var events = await SessionWorld.AllEventsAsync(_world.Admin, summary.SessionIds.Single(), pageSize: 50);
        var results = events.Select(e => e.Event).Where(e => e.Kind == TranscriptEventKind.ToolResult).ToList();
        Assert.Equal([0, 0, 2, 1, 1, 127, null], results.Select(r => r.ExitCode));
        Assert.Equal([false, false, true, true, true, true, false], results.Select(r => r.IsError));
        Assert.Equal(3, events.Count(e => e.Event.Kind == TranscriptEventKind.Feedback));
    }

    [Fact]
    public async Task An_agent_named_by_the_import_is_kept_rather_than_the_model()
    {
        var summary = await ImportAsync(Path.Combine(Fixtures, "mini-swe-agent", "sympy__sympy-24443.traj.json"), agent: "fleet-a");

        Assert.Equal("fleet-a", Assert.Single((await _world.Admin.ListSessionsAsync()).Data).Agent);
        Assert.Single(summary.SessionIds);
    }

    [Fact]
    public async Task An_agent_named_by_an_earlier_import_is_kept_when_the_file_is_read_again()
    {
        var path = _world.Write("run.traj.json", File.ReadAllText(Path.Combine(Fixtures, "mini-swe-agent", "matplotlib__matplotlib-25287.traj.json")));
        await ImportAsync(path, agent: "fleet-a");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(5));

        var again = await ImportAsync(path);

        Assert.Equal((0, 0L), (again.Unchanged, again.EventsAdded));
        Assert.Equal("fleet-a", Assert.Single((await _world.Admin.ListSessionsAsync()).Data).Agent);
    }

    [Fact]
    public async Task A_file_imported_before_in_another_format_is_reported_not_mixed_into_that_session()
    {
        var path = _world.Write("run.traj.json", File.ReadAllText(Path.Combine(Fixtures, "mini-swe-agent", "matplotlib__matplotlib-25287.traj.json")));
        var before = await new TranscriptImporter(_world.Admin).ImportAsync(path, new ImportOptions("openai"), null, CancellationToken.None);

        var now = await ImportAsync(path);

        Assert.Equal((0, 0L), (now.NewSessions, now.EventsAdded));
        var skipped = Assert.Single(now.Skipped);
        Assert.Equal((path, 0L), (skipped.File, skipped.Line));
        Assert.Contains($"imported before as openai into {before.SessionIds.Single()}", skipped.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_import_of_a_directory_of_runs_reads_nothing()
    {
        var runs = Runs();
        var first = await ImportAsync(runs);

        var second = await ImportAsync(runs);

        Assert.Equal(first.SessionIds, second.SessionIds);
        Assert.Equal((0, 5, 0L), (second.NewSessions, second.Unchanged, second.EventsAdded));
    }

    [Fact]
    public async Task The_same_transcript_copied_to_another_path_is_already_imported_not_a_new_session()
    {
        var original = _world.Write("a/run.traj.json", File.ReadAllText(Path.Combine(Fixtures, "mini-swe-agent", "matplotlib__matplotlib-25287.traj.json")));
        var first = await ImportAsync(original);
        var copy = Path.Combine(Directory.CreateDirectory(Path.Combine(_world.Files, "elsewhere")).FullName, "copied.traj.json");
        File.Copy(original, copy);

        var second = await ImportAsync(copy);

        Assert.Equal(first.SessionIds, second.SessionIds);
        Assert.Equal((0, 1, 0L, 0L), (second.NewSessions, second.Unchanged, second.EventsAdded, second.EventsAlreadyHeld));
        Assert.Single((await _world.Admin.ListSessionsAsync()).Data);
    }

    [Fact]
    public async Task A_copy_of_a_log_that_grew_since_is_the_same_session_and_adds_only_what_is_new()
    {
        var lines = new ClaudeCodeLines("12121212-1212-4121-8121-121212121212");
        for (var i = 0; i < 40; i++)
        {
            lines.User($"step {i}: run the tests again and tell me what changed since the last run").Assistant($"Run {i}: 12 passed, nothing changed.");
        }

        var original = _world.Write("laptop/session.jsonl", lines.Text);
        var first = await ImportAsync(original);
        var copy = _world.Write("backup/session.jsonl", lines.User("one more").Assistant("Done.").Text);

        var second = await ImportAsync(copy);

        Assert.Equal(first.SessionIds, second.SessionIds);
        Assert.Equal((0, 2L), (second.NewSessions, second.EventsAdded));
        Assert.Single((await _world.Admin.ListSessionsAsync()).Data);
    }

    [Fact]
    public async Task Another_principals_copy_of_a_transcript_is_their_own_session()
    {
        var original = _world.Write("a/run.traj", File.ReadAllText(Path.Combine(Fixtures, "swe-agent", "function_calling_simple.traj")));
        await ImportAsync(original);
        var member = await _world.MemberAsync("bea");

        var theirs = await new TranscriptImporter(member).ImportAsync(original, new ImportOptions(), null, CancellationToken.None);

        Assert.Equal(1, theirs.NewSessions);
    }

    [Fact]
    public async Task A_content_id_that_is_not_a_sha256_is_refused()
    {
        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => _world.Admin.OpenTranscriptAsync(
            new OpenTranscriptRequest("swe-agent", Path.Combine(_world.Files, "x.traj"), "x", ContentId: "not-a-hash")));

        Assert.Equal("content_id", error.Field);
    }

    [Fact]
    public async Task Sub_agent_transcripts_beside_their_session_join_it_and_one_without_its_session_is_reported()
    {
        const string Parent = "34343434-3434-4343-8343-343434343434";
        const string Missing = "56565656-5656-4565-8565-565656565656";
        _world.Write($"project/{Parent}.jsonl", new ClaudeCodeLines(Parent).User("review the diff").Assistant("Asking a reviewer.").Text);
        _world.Write("project/agent-r1.jsonl", Sidechain(Parent, "reviewer looked", 100));
        var orphan = _world.Write("project/agent-r2.jsonl", Sidechain(Missing, "nobody reads this", 200));

        var summary = await ImportAsync(Path.Combine(_world.Files, "project"));

        Assert.Equal((1, 1), (summary.Files, summary.NewSessions));
        var skipped = Assert.Single(summary.Skipped);
        Assert.Equal((orphan, 0L), (skipped.File, skipped.Line));
        Assert.Contains(Missing, skipped.Reason, StringComparison.Ordinal);
        var events = await SessionWorld.AllEventsAsync(_world.Admin, summary.SessionIds.Single());
        Assert.Equal([false, false, true, true], events.Select(e => e.Event.OffPath));
        Assert.All(events.Skip(2), e => Assert.Equal("agent-r1.jsonl", e.Event.File));
    }

    [Fact]
    public async Task A_sub_agent_transcript_imported_alone_is_reported_not_made_a_session()
    {
        var path = _world.Write("project/agent-r3.jsonl", Sidechain("78787878-7878-4787-8787-787878787878", "alone", 300));

        var summary = await ImportAsync(path);

        Assert.Equal((0, 0), (summary.Files, summary.NewSessions));
        Assert.Equal((path, 0L), (Assert.Single(summary.Skipped).File, summary.Skipped[0].Line));
        Assert.Empty((await _world.Admin.ListSessionsAsync()).Data);
    }

    /// <summary>A sub-agent's transcript as Claude Code kept it beside its session: sidechain records carrying the parent's session id.</summary>
    private static string Sidechain(string parent, string text, int first) =>
        string.Join("\n", new ClaudeCodeLines(parent, first).User("review it").Assistant(text).Lines.Select(l => l.Replace("\"isSidechain\":false", "\"isSidechain\":true", StringComparison.Ordinal))) + "\n";
}
