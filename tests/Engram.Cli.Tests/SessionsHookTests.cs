using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Engram.Cli.Tests;

/// <summary>
/// <c>engram sessions import --hook</c> as Claude Code runs it: a JSON payload on stdin (the SessionEnd and PreCompact
/// shapes its hooks documentation gives), a transcript that grows between calls, and everything that can go wrong,
/// which is logged and never fails the agent.
/// </summary>
public sealed class SessionsHookTests : IDisposable
{
    private const string SessionId = "00893aaf-19fa-41d2-8238-13269b9b3ca0";
    private readonly EngramProcess _engram = new();

    public SessionsHookTests()
    {
        Transcript = Path.Combine(_engram.Root, "home", ".claude", "projects", "-work-shop", $"{SessionId}.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(Transcript)!);
        File.WriteAllLines(Transcript, [Record(1, null, "user", "\"run the tests\""), Record(2, "u1", "assistant", Text("m1", "Running them."))]);
    }

    private string Transcript { get; }

    private string Log => Path.Combine(_engram.Root, "hooks.log");

    public void Dispose() => _engram.Dispose();

    private static string Record(int n, string? parent, string type, string content) =>
        $"{{\"type\":\"{type}\",\"uuid\":\"u{n}\",\"parentUuid\":{(parent is null ? "null" : $"\"{parent}\"")},\"isSidechain\":false,\"sessionId\":\"{SessionId}\",\"timestamp\":\"2026-11-04T10:00:{n:00}Z\",\"cwd\":\"/work/shop\",\"version\":\"2.1.3\",\"message\":{{\"role\":\"{type}\",\"content\":{content}}}}}";

    private static string Text(string id, string text) => $"[{{\"type\":\"text\",\"text\":\"{text}\"}}],\"id\":\"{id}\",\"model\":\"claude-sonnet-4-5\"";

    private string SessionEnd(string? transcript = null) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["session_id"] = SessionId, ["transcript_path"] = transcript ?? Transcript, ["cwd"] = "/work/shop",
        ["permission_mode"] = "default", ["hook_event_name"] = "SessionEnd", ["reason"] = "prompt_input_exit",
    });

    private string PreCompact() => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["session_id"] = SessionId, ["transcript_path"] = Transcript, ["cwd"] = "/work/shop",
        ["permission_mode"] = "default", ["hook_event_name"] = "PreCompact", ["trigger"] = "auto", ["custom_instructions"] = "",
    });

    private Task<EngramProcess.Result> HookAsync(string payload, params string[] extra) =>
        _engram.RunAsync(["sessions", "import", "--hook", "--hook-log", Log, .. extra], payload);

    private async Task<List<JsonElement>> SessionsAsync() =>
        [.. (await _engram.RunAsync("sessions", "list", "--json")).Ok().Json.GetProperty("data").EnumerateArray()];

    private string[] LogLines() => File.Exists(Log) ? File.ReadAllLines(Log) : [];

    [Fact]
    public async Task A_session_end_payload_imports_that_sessions_transcript_and_logs_what_it_did()
    {
        (await _engram.RunAsync("init")).Ok();

        var hooked = (await HookAsync(SessionEnd())).Ok();

        var session = Assert.Single(await SessionsAsync());
        var id = session.GetProperty("id").GetString()!;
        Assert.Equal("claude-code", session.GetProperty("agent").GetString());
        Assert.Equal($"imported into {id}: 2 events added, 0 already held\n", hooked.Out);
        Assert.Equal(2, (await _engram.RunAsync("sessions", "events", id)).Ok().Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        var line = Assert.Single(LogLines());
        Assert.Matches($@"^\d{{4}}-\d\d-\d\dT\d\d:\d\d:\d\dZ SessionEnd session {SessionId} {Regex(Transcript)} -> {Regex(_engram.Data)}: imported into {id}: 2 events added, 0 already held$", line);
    }

    [Fact]
    public async Task A_second_call_after_the_transcript_grew_appends_only_the_new_events_to_the_same_session()
    {
        (await _engram.RunAsync("init")).Ok();
        (await HookAsync(PreCompact())).Ok();
        File.AppendAllLines(Transcript, [Record(3, "u2", "user", "\"and the linter\""), Record(4, "u3", "assistant", Text("m2", "Lint is clean."))]);

        var grown = (await HookAsync(SessionEnd())).Ok();
        var again = (await HookAsync(SessionEnd())).Ok();

        var id = Assert.Single(await SessionsAsync()).GetProperty("id").GetString()!;
        Assert.Equal($"imported into {id}: 2 events added, 2 already held\n", grown.Out);
        Assert.Equal($"file unchanged since the last import; session {id} holds 4 events\n", again.Out);
        Assert.EndsWith($": file unchanged since the last import; session {id} holds 4 events", LogLines()[^1], StringComparison.Ordinal);
        var events = (await _engram.RunAsync("sessions", "events", id)).Ok().Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, events.Length);
        Assert.Contains("Lint is clean.", events[3], StringComparison.Ordinal);
        Assert.Equal(["PreCompact", "SessionEnd", "SessionEnd"], LogLines().Select(l => l.Split(' ')[1]));
    }

    [Theory]
    [InlineData("", "payload: is empty")]
    [InlineData("{\"session_id\":\"abc\",\"transcript_path\":", "payload: must be a JSON object (the hook's input), and is not JSON: ")]
    [InlineData("garbage", "payload: must be a JSON object (the hook's input), and is not JSON: 'g' is an invalid start of a value (line 1, byte 1)")]
    [InlineData("[\"/tmp/a.jsonl\"]", "payload: must be a JSON object (the hook's input), not array")]
    [InlineData("{\"session_id\":\"abc\",\"transcript_path\":null,\"cwd\":\"/w\",\"hook_event_name\":\"SessionEnd\",\"reason\":\"other\"}", "transcript_path: is required")]
    [InlineData("{\"session_id\":\"abc\",\"transcript_path\":7,\"hook_event_name\":\"PreCompact\"}", "transcript_path: must be a string (got number)")]
    [InlineData("{\"session_id\":\"abc\",\"transcript_path\":\"relative.jsonl\",\"hook_event_name\":\"SessionEnd\"}", "transcript_path: must be an absolute path")]
    public async Task A_bad_payload_exits_0_imports_nothing_and_logs_why(string payload, string why)
    {
        (await _engram.RunAsync("init")).Ok();

        var hooked = await HookAsync(payload);

        Assert.Equal(0, hooked.ExitCode);
        Assert.Equal("", hooked.Out);
        Assert.Contains($"engram: {why}", hooked.Error, StringComparison.Ordinal);
        Assert.Contains($": error: {why}", Assert.Single(LogLines()), StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", hooked.Error, StringComparison.Ordinal); // the JSON reader's own words for where
        Assert.DoesNotContain("BytePositionInLine", hooked.Error, StringComparison.Ordinal);
        Assert.Empty(await SessionsAsync());
    }

    [Fact]
    public async Task A_missing_transcript_exits_0_and_logs_the_path_and_with_strict_exits_2()
    {
        (await _engram.RunAsync("init")).Ok();
        var missing = Path.Combine(_engram.Root, "gone", "x.jsonl");

        var hooked = await HookAsync(SessionEnd(missing));
        var strict = await HookAsync(SessionEnd(missing), "--strict");

        Assert.Equal((0, 2), (hooked.ExitCode, strict.ExitCode));
        Assert.All(LogLines(), line => Assert.EndsWith($": error: transcript_path: no transcript file at {missing}", line, StringComparison.Ordinal));
        Assert.Equal(2, LogLines().Length);
        Assert.Contains($"transcript_path: no transcript file at {missing}", strict.Error, StringComparison.Ordinal);
        Assert.Empty(await SessionsAsync());
    }

    [Fact]
    public async Task An_unreachable_server_exits_0_and_logs_that_it_could_not_be_reached()
    {
        var url = $"http://127.0.0.1:{ClosedPort()}";

        var hooked = await _engram.RunAsync(["--server", url, "--api-key", "engram_sk_unused", "sessions", "import", "--hook", "--hook-log", Log], SessionEnd());

        Assert.Equal(0, hooked.ExitCode);
        var line = Assert.Single(LogLines());
        Assert.Contains($" -> {url}: error: could not reach the Engram server", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_data_directory_that_was_never_initialized_exits_0_and_logs_how_to_make_one()
    {
        var hooked = await HookAsync(SessionEnd());

        Assert.Equal(0, hooked.ExitCode);
        Assert.Contains($"error: no Engram data directory at {_engram.Data}; run `engram init` there", Assert.Single(LogLines()), StringComparison.Ordinal);
        Assert.False(Directory.Exists(_engram.Data));
    }

    [Fact]
    public async Task A_mistake_in_the_hooks_own_command_line_is_logged_not_failed_and_hook_options_need_hook()
    {
        (await _engram.RunAsync("init")).Ok();

        var withPath = await HookAsync(SessionEnd(), Transcript);
        var strictAlone = await _engram.RunAsync("sessions", "import", Transcript, "--strict");
        var logAlone = await _engram.RunAsync("sessions", "import", Transcript, "--hook-log", Log);
        var neither = await _engram.RunAsync("sessions", "import");

        Assert.Equal(0, withPath.ExitCode);
        Assert.Contains("error: path: --hook reads the transcript's path from the hook's payload on stdin; give no PATH", Assert.Single(LogLines()), StringComparison.Ordinal);
        Assert.Equal((2, 2, 2), (strictAlone.ExitCode, logAlone.ExitCode, neither.ExitCode));
        Assert.Contains("--strict: applies with --hook only", strictAlone.Error, StringComparison.Ordinal);
        Assert.Contains("--hook-log: applies with --hook only", logAlone.Error, StringComparison.Ordinal);
        Assert.Contains("path: is required", neither.Error, StringComparison.Ordinal);
        Assert.Empty(await SessionsAsync());
    }

    [Fact]
    public async Task Without_hook_log_the_log_is_hooks_log_under_the_state_home()
    {
        (await _engram.RunAsync("init")).Ok();
        var state = Path.Combine(_engram.Root, "state");

        (await _engram.RunWithEnvironmentAsync(_engram.Data, new Dictionary<string, string> { ["XDG_STATE_HOME"] = state }, ["sessions", "import", "--hook"], SessionEnd())).Ok();

        Assert.Contains("SessionEnd session", Assert.Single(File.ReadAllLines(Path.Combine(state, "engram", "hooks.log"))), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_harness_that_keeps_stdin_open_after_the_payload_is_not_waited_for()
    {
        (await _engram.RunAsync("init")).Ok();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "Engram.Cli.dll"), "--data", _engram.Data, "sessions", "import", "--hook", "--hook-log", Log })
        {
            start.ArgumentList.Add(arg);
        }

        EngramProcess.WithoutModels(start);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        await process.StandardInput.BaseStream.WriteAsync(Encoding.UTF8.GetBytes(SessionEnd()));
        await process.StandardInput.BaseStream.FlushAsync();

        // Standard input stays open (as Claude Code may leave it) until the command has exited by itself.
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(0, process.ExitCode);
        Assert.StartsWith("imported into sesn_", await output, StringComparison.Ordinal);
        Assert.Single(await SessionsAsync());
    }

    private static string Regex(string text) => System.Text.RegularExpressions.Regex.Escape(text);

    /// <summary>A loopback port nothing listens on: one the system just handed out and that was closed again.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
