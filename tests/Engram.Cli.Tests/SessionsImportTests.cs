namespace Engram.Cli.Tests;

/// <summary><c>engram sessions import</c> and reading events back, in local and remote mode, as a process.</summary>
public sealed class SessionsImportTests : IDisposable
{
    private const string SessionId = "cccccccc-cccc-4ccc-8ccc-cccccccccccc";
    private readonly EngramProcess _engram = new();

    public void Dispose() => _engram.Dispose();

    /// <summary>A ~/.claude/projects-shaped tree: one session with a failing tool call, one damaged line, one sub-agent file.</summary>
    private string Projects()
    {
        var root = Path.Combine(_engram.Root, "projects");
        var session = Path.Combine(root, "-work-app", $"{SessionId}.jsonl");
        Directory.CreateDirectory(Path.Combine(root, "-work-app", SessionId, "subagents"));
        string Record(int n, string? parent, string type, string message) =>
            $"{{\"type\":\"{type}\",\"uuid\":\"u{n}\",\"parentUuid\":{(parent is null ? "null" : $"\"{parent}\"")},\"isSidechain\":false,\"sessionId\":\"{SessionId}\",\"timestamp\":\"2026-11-04T10:00:0{n}Z\",\"cwd\":\"/work/app\",\"message\":{message}}}";
        File.WriteAllLines(session,
        [
            Record(1, null, "user", "{\"role\":\"user\",\"content\":\"run the tests\"}"),
            Record(2, "u1", "assistant", "{\"id\":\"m1\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"Bash\",\"input\":{\"command\":\"pytest\"}}]}"),
            "{not json",
            Record(3, "u2", "user", "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t1\",\"content\":\"bash: pytest: command not found\",\"is_error\":true}]}"),
        ]);
        File.WriteAllLines(Path.Combine(root, "-work-app", SessionId, "subagents", "agent-x.jsonl"),
            [Record(4, null, "user", "{\"role\":\"user\",\"content\":\"check style\"}").Replace("\"u4\"", "\"s4\"", StringComparison.Ordinal)]);
        return root;
    }

    [Fact]
    public async Task Import_reports_sessions_events_and_skipped_lines_and_a_second_import_adds_nothing()
    {
        (await _engram.RunAsync("init")).Ok();
        var projects = Projects();

        var first = (await _engram.RunAsync("sessions", "import", projects, "--json")).Ok().Json;

        Assert.Equal(1, first.GetProperty("files").GetInt32());
        Assert.Equal(1, first.GetProperty("new_sessions").GetInt32());
        Assert.Equal(4, first.GetProperty("events_added").GetInt64());
        var skipped = first.GetProperty("skipped")[0];
        Assert.Equal(3, skipped.GetProperty("line").GetInt32());
        Assert.StartsWith("not JSON", skipped.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.EndsWith($"{SessionId}.jsonl", skipped.GetProperty("file").GetString(), StringComparison.Ordinal);
        var sessionId = first.GetProperty("session_ids")[0].GetString()!;

        var second = (await _engram.RunAsync("sessions", "import", projects)).Ok().Out;
        Assert.Contains("0 events added", second, StringComparison.Ordinal);
        Assert.Contains("1 file unchanged", second, StringComparison.Ordinal);

        var events = (await _engram.RunAsync("sessions", "events", sessionId)).Ok().Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, events.Length);
        Assert.Contains("tool_result   ERROR bash: pytest: command not found", events[2], StringComparison.Ordinal);
        Assert.Contains("(off path) check style", events[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Directories_of_mini_swe_agent_and_swe_agent_runs_import_as_one_session_per_run_named_after_the_model()
    {
        (await _engram.RunAsync("init")).Ok();
        var runs = Path.Combine(_engram.Root, "runs");
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures", "mini-swe-agent"), "*.traj.json"))
        {
            var name = Path.GetFileName(file);
            var folder = Directory.CreateDirectory(Path.Combine(runs, "mini", name[..name.IndexOf('.', StringComparison.Ordinal)])).FullName;
            File.Copy(file, Path.Combine(folder, name));
        }

        Directory.CreateDirectory(Path.Combine(runs, "swe"));
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures", "swe-agent"), "*.traj"))
        {
            File.Copy(file, Path.Combine(runs, "swe", Path.GetFileName(file)));
        }

        var mini = (await _engram.RunAsync("sessions", "import", Path.Combine(runs, "mini"), "--json")).Ok().Json;
        var swe = (await _engram.RunAsync("sessions", "import", Path.Combine(runs, "swe"), "--json")).Ok().Json;

        Assert.Equal((2, 2), (mini.GetProperty("files").GetInt32(), mini.GetProperty("new_sessions").GetInt32()));
        Assert.Equal((3, 3), (swe.GetProperty("files").GetInt32(), swe.GetProperty("new_sessions").GetInt32()));
        var sessions = (await _engram.RunAsync("sessions", "list", "--json")).Ok().Json.GetProperty("data").EnumerateArray()
            .ToDictionary(s => s.GetProperty("title").GetString()!, s => (Id: s.GetProperty("id").GetString()!, Agent: s.GetProperty("agent").GetString()!));
        Assert.Equal("gemini-3-pro-preview", sessions["sympy__sympy-24443"].Agent);
        Assert.Equal("gpt-4o", sessions["marshmallow-code__marshmallow-1867"].Agent);
        Assert.Equal("swe-agent", sessions["pydicom__pydicom-1458"].Agent);

        var shown = (await _engram.RunAsync("sessions", "show", sessions["sympy__sympy-24443"].Id)).Ok().Out;
        Assert.Contains("  transcript: mini-swe-agent, ", shown, StringComparison.Ordinal);
        Assert.Contains("  model: google/gemini-3-pro-preview\n", shown, StringComparison.Ordinal);
        Assert.Contains("  project: sympy/sympy\n", shown, StringComparison.Ordinal);

        var events = (await _engram.RunAsync("sessions", "events", sessions["sympy__sympy-24443"].Id, "--limit", "100")).Ok().Out;
        Assert.Contains("tool_result   ERROR [exit 127] bash: line 1: pytest: command not found", events, StringComparison.Ordinal);
        Assert.Contains("feedback      Please always provide EXACTLY ONE action in triple backticks, found 3 actions.", events, StringComparison.Ordinal);

        var again = (await _engram.RunAsync("sessions", "import", runs)).Ok().Out;
        Assert.Contains("0 events added", again, StringComparison.Ordinal);
        Assert.Contains("5 files unchanged", again, StringComparison.Ordinal);

        // A list longer than its page says how to go on, and the pages together hold every session once.
        var first = (await _engram.RunAsync("sessions", "list", "--limit", "3")).Ok().Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var more = Assert.Single(first, l => l.StartsWith("more: --page ", StringComparison.Ordinal))["more: --page ".Length..];
        var rest = (await _engram.RunAsync("sessions", "list", "--limit", "3", "--page", more)).Ok().Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, first.Length - 1);
        Assert.Equal(2, rest.Length);
        Assert.Equal(sessions.Values.Select(s => s.Id).Order(StringComparer.Ordinal), first.Concat(rest).Where(l => l.StartsWith("sesn_", StringComparison.Ordinal)).Select(l => l[..l.IndexOf(' ', StringComparison.Ordinal)]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Import_through_a_server_records_the_same_session()
    {
        var key = (await _engram.RunAsync("init", "--json")).Ok().Json.GetProperty("api_key").GetProperty("secret").GetString()!;
        await using var server = await ServeProcess.StartAsync(_engram.Data);

        var imported = (await _engram.RunAsync("--server", server.Url, "--api-key", key, "sessions", "import", Projects(), "--json")).Ok().Json;
        var sessionId = imported.GetProperty("session_ids")[0].GetString()!;

        Assert.Equal(4, imported.GetProperty("events_added").GetInt64());
        var events = (await _engram.RunAsync("--server", server.Url, "--api-key", key, "sessions", "events", sessionId, "--json")).Ok().Json.GetProperty("data");
        Assert.Equal(["user.message", "agent.tool_use", "agent.tool_result", "user.message"], events.EnumerateArray().Select(e => e.GetProperty("type").GetString()));
        // A run's model names its agent, and a copy of it elsewhere is the same session, through the server too.
        var run = Path.Combine(AppContext.BaseDirectory, "Fixtures", "mini-swe-agent", "matplotlib__matplotlib-25287.traj.json");
        var copy = Path.Combine(_engram.Root, "copy.traj.json");
        File.Copy(run, copy);
        var mini = (await _engram.RunAsync("--server", server.Url, "--api-key", key, "sessions", "import", run, "--json")).Ok().Json;
        var copied = (await _engram.RunAsync("--server", server.Url, "--api-key", key, "sessions", "import", copy, "--json")).Ok().Json;
        Assert.Equal((1, 1), (mini.GetProperty("new_sessions").GetInt32(), copied.GetProperty("unchanged_files").GetInt32()));
        Assert.Equal(mini.GetProperty("session_ids")[0].GetString(), copied.GetProperty("session_ids")[0].GetString());
        var agents = (await _engram.RunAsync("--server", server.Url, "--api-key", key, "sessions", "list", "--json")).Ok().Json.GetProperty("data")
            .EnumerateArray().Select(s => s.GetProperty("agent").GetString());
        Assert.Contains("gemini-3-pro-preview", agents);

        var refused = await _engram.RunAsync("--server", server.Url, "--api-key", key, "sessions", "import", Projects(), "--keep-secrets");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("--keep-secrets", refused.Error, StringComparison.Ordinal);
    }
}
