using System.Diagnostics;
using System.Text;

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
    public async Task A_quick_import_prints_no_progress_line_of_zeros_and_its_summary_gives_the_size_in_a_unit_that_shows_it()
    {
        (await _engram.RunAsync("init")).Ok();

        var imported = (await _engram.RunAsync("sessions", "import", Checkout.PathOf("examples", "transcripts"))).Ok();

        Assert.DoesNotContain("0/12 files", imported.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(" files, ", imported.Error, StringComparison.Ordinal); // done well before the first progress line was due
        Assert.Matches(@"^imported 12 files \(\d+\.\d KB\) in \d+\.\d s: 12 sessions \(12 new\)", imported.Out);
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
    public async Task The_bundled_examples_import_under_the_agents_their_files_name()
    {
        (await _engram.RunAsync("init")).Ok();

        var imported = (await _engram.RunAsync("sessions", "import", Checkout.PathOf("examples", "transcripts"), "--json")).Ok().Json;

        Assert.Equal(12, imported.GetProperty("new_sessions").GetInt32());
        var sessions = (await _engram.RunAsync("sessions", "list", "--json")).Ok().Json.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(
            ["deployer:4", "reviewer:4", "tester:4"],
            sessions.GroupBy(s => s.GetProperty("agent").GetString()).Select(g => $"{g.Key}:{g.Count()}").Order(StringComparer.Ordinal));
        Assert.Contains(sessions, s => s.GetProperty("title").GetString() == "Deploy the billing service to staging and run the smoke tests.");
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

    [Fact]
    public async Task A_directory_of_files_made_to_break_the_import_imports_its_transcript_and_reports_every_other_file()
    {
        (await _engram.RunAsync("init")).Ok();
        var dir = Path.Combine(_engram.Root, "hostile");
        Directory.CreateDirectory(dir);
        string Write(string name, byte[] bytes)
        {
            var path = Path.Combine(dir, name);
            File.WriteAllBytes(path, bytes);
            return path;
        }

        const string Good = "ffffffff-ffff-4fff-8fff-ffffffffffff";
        string Record(string uuid, string type, string content) =>
            $"{{\"type\":\"{type}\",\"uuid\":\"{uuid}\",\"parentUuid\":null,\"sessionId\":\"{Good}\",\"timestamp\":\"2026-11-04T10:00:00Z\",\"message\":{{\"role\":\"{type}\",\"content\":\"{content}\"}}}}\n";
        var utf16 = Write("a-utf16.jsonl", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Record("u1", "user", "hi"))]);
        var binary = Write("b-binary.jsonl", [.. Enumerable.Range(0, 64 * 1024).Select(i => (byte)(i * 7919 % 256))]);
        var huge = Path.Combine(dir, "c-huge.jsonl");
        await using (var file = File.Create(huge))
        {
            file.Write("{\"a\":\""u8);
            var chunk = new byte[1024 * 1024];
            Array.Fill(chunk, (byte)'x');
            for (var i = 0; i < 50; i++)
            {
                file.Write(chunk);
            }
        }

        var deep = Write("d-deep.jsonl", Encoding.ASCII.GetBytes(new string('[', 200_000) + new string(']', 200_000)));
        var hello = Write("e-hello.jsonl", "hello\n"u8.ToArray());
        var surrogate = Write("f-cut-emoji.jsonl", Encoding.UTF8.GetBytes(Record("v1", "user", "cut \\ud83d").Replace(Good, "eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee", StringComparison.Ordinal)));
        var link = Path.Combine(dir, "g-link.jsonl");
        File.CreateSymbolicLink(link, Path.Combine(dir, "nowhere.jsonl"));
        var pipe = Path.Combine(dir, "h-pipe.jsonl");
        using (var mkfifo = Process.Start("mkfifo", [pipe]))
        {
            await mkfifo.WaitForExitAsync();
        }

        Write($"{Good}.jsonl", Encoding.UTF8.GetBytes(Record("u1", "user", "run the tests") + Record("u2", "assistant", "All pass.")));

        var result = (await _engram.RunAsync("sessions", "import", dir, "--json")).Ok().Json;

        var skipped = result.GetProperty("skipped").EnumerateArray().ToDictionary(s => s.GetProperty("file").GetString()!, s => s.GetProperty("reason").GetString()!);
        Assert.StartsWith("UTF-16 text", skipped[utf16], StringComparison.Ordinal);
        Assert.StartsWith("binary, not text", skipped[binary], StringComparison.Ordinal);
        Assert.StartsWith("a link to ", skipped[link], StringComparison.Ordinal);
        Assert.Equal("empty: nothing to import", skipped[pipe]);
        Assert.Equal([huge, deep, hello], result.GetProperty("unrecognized").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal((2, 3L), (result.GetProperty("new_sessions").GetInt32(), result.GetProperty("events_added").GetInt64()));
        var sessions = (await _engram.RunAsync("sessions", "list", "--json")).Ok().Json.GetProperty("data").EnumerateArray().Select(s => s.GetProperty("id").GetString()!).ToList();
        var texts = new List<string>();
        foreach (var session in sessions)
        {
            texts.AddRange((await _engram.RunAsync("sessions", "events", session, "--json")).Ok().Json.GetProperty("data").EnumerateArray()
                .Select(e => e.GetProperty("content")[0].GetProperty("text").GetString()!));
        }

        Assert.Equal(["All pass.", "cut \uFFFD", "run the tests"], texts.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(surrogate, skipped.Keys);
    }

    [Fact]
    public async Task A_path_that_does_not_exist_is_refused_naming_it_with_exit_2_and_nothing_is_written()
    {
        (await _engram.RunAsync("init")).Ok();
        var missing = Path.Combine(_engram.Root, "no-such-dir");
        var link = Path.Combine(_engram.Root, "gone.jsonl");
        File.CreateSymbolicLink(link, Path.Combine(_engram.Root, "nowhere.jsonl"));

        var refused = await _engram.RunAsync("sessions", "import", missing);
        var refusedLink = await _engram.RunAsync("sessions", "import", link, "--json");

        Assert.Equal((2, ""), (refused.ExitCode, refused.Out));
        Assert.Equal($"engram: path: {missing} is neither a file nor a directory\n", refused.Error);
        Assert.Equal(2, refusedLink.ExitCode);
        Assert.Contains($"path: {link} is a link to ", refusedLink.Error, StringComparison.Ordinal);
        Assert.Empty((await _engram.RunAsync("sessions", "list", "--json")).Ok().Json.GetProperty("data").EnumerateArray());
    }

    [Fact]
    public async Task An_import_that_could_not_read_a_transcript_exits_9_and_names_it()
    {
        (await _engram.RunAsync("init")).Ok();
        var projects = Projects();
        var subagent = Path.Combine(projects, "-work-app", SessionId, "subagents", "agent-x.jsonl");
        File.Delete(subagent);
        File.CreateSymbolicLink(subagent, Path.Combine(_engram.Root, "gone.jsonl")); // the file system will not open it

        var result = await _engram.RunAsync("sessions", "import", projects);
        var other = Path.Combine(_engram.Root, "other");
        (await _engram.RunWithDataAsync(other, ["init"])).Ok();
        var json = await _engram.RunWithDataAsync(other, ["sessions", "import", projects, "--json"]);

        Assert.True(result.ExitCode == 9, $"exit {result.ExitCode}\nstdout: {result.Out}\nstderr: {result.Error}");
        Assert.Contains($"{subagent}:0: could not be read", result.Out, StringComparison.Ordinal);
        Assert.Contains("incomplete: 1 file could not be read", result.Out, StringComparison.Ordinal);
        Assert.Contains("1 session (1 new)", result.Out, StringComparison.Ordinal);
        Assert.Equal(9, json.ExitCode);
        var unread = Assert.Single(json.Json.GetProperty("skipped").EnumerateArray(), s => s.GetProperty("unreadable").GetBoolean());
        Assert.Equal(subagent, unread.GetProperty("file").GetString());
    }
}
