using Engram.Sessions;
using Engram.Sessions.Formats;

namespace Engram.Tests.Sessions.Formats;

public sealed class MiniSweAgentFormatTests
{
    private const string Sympy = "sympy__sympy-24443.traj.json";
    private const string Matplotlib = "matplotlib__matplotlib-25287.traj.json";

    private readonly MiniSweAgentFormat _format = new();

    private Task<(List<TranscriptEvent> Events, TranscriptReadResult Result)> ReadAsync(string name) =>
        FormatFiles.ReadAsync(_format, FormatFiles.Fixture("mini-swe-agent", name));

    [Fact]
    public async Task Every_message_becomes_its_events_keyed_by_position()
    {
        var (events, result) = await ReadAsync(Sympy);

        Assert.Equal(
            [
                "m1:Marker", "m2:UserMessage", "m3:thinking:Thinking", "m3:AgentMessage", "m3:action:ToolUse", "m4:ToolResult", "m4:warning:Feedback",
                "m5:AgentMessage", "m5:action:ToolUse", "m6:ToolResult", "m7:AgentMessage", "m8:Feedback",
                "m9:AgentMessage", "m9:action:ToolUse", "m10:ToolResult", "m11:AgentMessage", "m11:action:ToolUse", "m12:ToolResult",
                "m13:AgentMessage", "m13:action:ToolUse", "m14:ToolResult", "m15:AgentMessage", "m15:action:ToolUse", "m16:ToolResult",
                "m17:AgentMessage", "m18:Feedback", "m19:AgentMessage", "m19:action:ToolUse", "m20:ToolResult",
            ],
            events.Select(e => $"{e.SourceKey}:{e.Kind}"));
        Assert.Empty(result.Skipped);
        Assert.Equal(events.Count, result.Events);
        Assert.DoesNotContain(events.Skip(2), e => e.Kind == TranscriptEventKind.UserMessage);
    }

    [Fact]
    public async Task A_command_is_a_bash_tool_use_paired_with_its_result_which_carries_the_exit_code()
    {
        var (events, _) = await ReadAsync(Sympy);
        var byKey = events.ToDictionary(e => e.SourceKey);

        var use = byKey["m9:action"];
        Assert.Equal(("m9:action", "bash", """{"command":"python fix_missing_return.py"}"""), (use.ToolUseId, use.ToolName, use.ToolInput));
        var result = byKey["m10"];
        Assert.Equal(("m9:action", "bash", 2, true), (result.ToolUseId, result.ToolName, result.ExitCode, result.IsError));
        Assert.Equal("python: can't open file '/testbed/fix_missing_return.py': [Errno 2] No such file or directory", result.Text);
        Assert.Equal((127, true, "bash: line 1: pytest: command not found"), (byKey["m16"].ExitCode, byKey["m16"].IsError, byKey["m16"].Text));
        Assert.Equal((0, false), (byKey["m6"].ExitCode, byKey["m6"].IsError));
    }

    [Fact]
    public async Task A_grep_that_found_nothing_is_recorded_as_the_harness_reported_it()
    {
        var (events, _) = await ReadAsync(Sympy);
        var byKey = events.ToDictionary(e => e.SourceKey);

        // The format reports facts: exit code 1 is a non-zero exit. Whether an empty search is a failure is the dreaming side's call.
        Assert.Equal("""{"command":"grep \"FpGroup\" sympy/combinatorics/__init__.py"}""", byKey["m11:action"].ToolInput);
        Assert.Equal((1, true, ""), (byKey["m12"].ExitCode, byKey["m12"].IsError, byKey["m12"].Text));
    }

    [Fact]
    public async Task A_result_is_the_output_verbatim_without_the_harness_tags_so_quotes_of_it_are_substrings()
    {
        var (events, _) = await ReadAsync(Sympy);
        var byKey = events.ToDictionary(e => e.SourceKey);

        Assert.Equal("/usr/bin/python3: No module named pytest", byKey["m14"].Text);
        var longOutput = byKey["m4"];
        Assert.DoesNotContain("output_head>", longOutput.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("elided_chars>", longOutput.Text, StringComparison.Ordinal);
        Assert.Contains(" characters elided\n", longOutput.Text, StringComparison.Ordinal);
        Assert.StartsWith(".:\nAUTHORS\n", longOutput.Text, StringComparison.Ordinal);
        using var raw = System.Text.Json.JsonDocument.Parse(longOutput.Raw);
        var seen = raw.RootElement.GetProperty("content").GetString()!;
        Assert.All(longOutput.Text!.Split('\n'), line => Assert.Contains(line, seen, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_harness_warning_is_feedback_right_after_the_result_it_is_about()
    {
        var (events, _) = await ReadAsync(Sympy);
        var result = events.FindIndex(e => e.SourceKey == "m4");

        var warning = events[result + 1];
        Assert.Equal((TranscriptEventKind.Feedback, "m4:warning"), (warning.Kind, warning.SourceKey));
        Assert.StartsWith("The output of your last command was too long.", warning.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("warning>", warning.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reply_with_several_actions_runs_nothing_and_the_harness_answer_is_feedback_not_a_person()
    {
        var (events, _) = await ReadAsync(Sympy);

        Assert.DoesNotContain(events, e => e.SourceKey.StartsWith("m7:", StringComparison.Ordinal));
        var answer = events.Single(e => e.SourceKey == "m8");
        Assert.Equal(TranscriptEventKind.Feedback, answer.Kind);
        Assert.StartsWith("Please always provide EXACTLY ONE action in triple backticks, found 3 actions.", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_timeout_is_the_failed_result_of_the_command_it_killed_word_for_word()
    {
        var (events, _) = await ReadAsync(Matplotlib);
        var byKey = events.ToDictionary(e => e.SourceKey);

        var timeout = byKey["m6"];
        Assert.Equal((TranscriptEventKind.ToolResult, "m5:action", true, (int?)null), (timeout.Kind, timeout.ToolUseId, timeout.IsError, timeout.ExitCode));
        Assert.StartsWith("The last command <command>pytest lib/matplotlib/tests/test_axes.py</command> timed out and has been killed.", timeout.Text, StringComparison.Ordinal);
        Assert.EndsWith("Please try another command and make sure to avoid those requiring interactive input.", timeout.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_last_message_of_a_run_that_submitted_is_the_submit_commands_output()
    {
        var (events, _) = await ReadAsync(Sympy);

        var submission = events[^1];
        Assert.Equal((TranscriptEventKind.ToolResult, "m19:action", false, (int?)null), (submission.Kind, submission.ToolUseId, submission.IsError, submission.ExitCode));
        Assert.StartsWith("diff --git a/sympy/combinatorics/homomorphisms.py", submission.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_run_gives_model_outcome_title_project_and_times_and_no_token_counts()
    {
        var (events, result) = await ReadAsync(Sympy);

        var metadata = result.Metadata;
        Assert.Equal(("google/gemini-3-pro-preview", "Submitted", "sympy__sympy-24443", "sympy/sympy"), (metadata.Model, metadata.Outcome, metadata.Title, metadata.Project));
        Assert.Null(metadata.Usage);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1763511886), events.Single(e => e.SourceKey == "m3").Timestamp);
        Assert.Equal(events.Where(e => e.Timestamp is not null).Min(e => e.Timestamp), metadata.StartedAt);
        Assert.Equal(events.Where(e => e.Timestamp is not null).Max(e => e.Timestamp), metadata.EndedAt);
        Assert.Equal("gemini-3-pro-preview", _format.AgentOf(metadata));
    }

    [Fact]
    public async Task The_runs_own_templates_say_what_its_harness_words_are()
    {
        using var directory = new TempDirectory();
        var path = directory.Write("custom.traj.json", MiniTrajectory(
            """{"agent": {"format_error_template": "Exactly one command per reply, please: you sent {{actions|length}}.", "timeout_template": "Killed <cmd>{{action['action']}}</cmd>: it timed out after {{timeout}} seconds."}, "model": {"model_name": "openai/GPT-5 mini"}}""",
            """{"role": "assistant", "content": "Two things.\n\n```bash\nls\n```\n\n```bash\npwd\n```"}""",
            """{"role": "user", "content": "Exactly one command per reply, please: you sent 2."}""",
            """{"role": "assistant", "content": "One.\n\n```bash\nsleep 100\n```"}""",
            """{"role": "user", "content": "Killed <cmd>sleep 100</cmd>: it timed out after 60 seconds."}""",
            """{"role": "assistant", "content": "Done.\n\n```bash\necho COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT\n```"}""",
            """{"role": "user", "content": ""}"""));

        var (events, result) = await FormatFiles.ReadAsync(_format, path);
        var byKey = events.ToDictionary(e => e.SourceKey);

        Assert.Equal(TranscriptEventKind.Feedback, byKey["m4"].Kind);
        Assert.Equal((TranscriptEventKind.ToolResult, "m5:action", true), (byKey["m6"].Kind, byKey["m6"].ToolUseId, byKey["m6"].IsError));
        Assert.Equal("gpt-5-mini", _format.AgentOf(result.Metadata));
    }

    [Fact]
    public async Task A_run_that_stopped_at_a_limit_or_crashed_ends_with_a_marker_or_an_error()
    {
        using var directory = new TempDirectory();
        var limited = directory.Write("limit.traj.json", MiniTrajectory(
            "{}", """{"role": "assistant", "content": "```bash\nls\n```"}""", """{"role": "user", "content": "<returncode>0</returncode>\n<output>\na\n</output>"}""",
            """{"role": "user", "content": ""}""").Replace("\"Submitted\"", "\"LimitsExceeded\"", StringComparison.Ordinal));
        var crashed = directory.Write("crash.traj.json", MiniTrajectory(
            "{}", """{"role": "assistant", "content": "```bash\nls\n```"}""",
            """{"role": "user", "content": "RuntimeError: the container died"}""").Replace("\"Submitted\"", "\"RuntimeError\"", StringComparison.Ordinal));

        var (limitEvents, limitResult) = await FormatFiles.ReadAsync(_format, limited);
        var (crashEvents, _) = await FormatFiles.ReadAsync(_format, crashed);

        Assert.Equal((TranscriptEventKind.Marker, "LimitsExceeded"), (limitEvents[^1].Kind, limitEvents[^1].Text));
        Assert.Equal("LimitsExceeded", limitResult.Metadata.Outcome);
        Assert.Equal((TranscriptEventKind.Error, "RuntimeError: the container died"), (crashEvents[^1].Kind, crashEvents[^1].Text));
    }

    [Fact]
    public async Task Version_2_tool_calls_pair_by_id_and_take_the_exit_code_the_harness_recorded()
    {
        using var directory = new TempDirectory();
        var path = directory.Write("v2.traj.json", """
            {
              "info": {"exit_status": "Submitted", "submission": "", "mini_version": "2.1.0", "config": {"agent": {"system_template": "s"}, "model": {"model_name": "anthropic/claude-sonnet-4-5-20250929"}}},
              "messages": [
                {"role": "system", "content": "You are a helpful assistant."},
                {"role": "user", "content": "Fix the bug."},
                {"role": "assistant", "content": "Let me look.", "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "bash", "arguments": "{\"command\": \"cat missing.py\"}"}}]},
                {"role": "tool", "tool_call_id": "call_1", "content": "cat: missing.py: No such file or directory\n[exit code 1]", "extra": {"raw_output": "cat: missing.py: No such file or directory\n", "returncode": 1, "timestamp": 1763510000.5}},
                {"role": "assistant", "content": "", "tool_calls": [{"id": "call_2", "type": "function", "function": {"name": "bash", "arguments": "{\"command\": \"sleep 99\"}"}}]},
                {"role": "tool", "tool_call_id": "call_2", "content": "Exception: An error occurred while executing the command: timed out\n[exit code -1]", "extra": {"raw_output": "", "returncode": -1, "exception_info": "An error occurred while executing the command: timed out"}},
                {"role": "assistant", "content": "No call."},
                {"role": "user", "content": "Tool call error:\n\n<error>\nNo tool calls found in the response.\n</error>", "extra": {"interrupt_type": "FormatError"}},
                {"role": "exit", "content": "", "extra": {"exit_status": "Submitted", "submission": ""}}
              ],
              "trajectory_format": "mini-swe-agent-1.1"
            }
            """);

        var (events, result) = await FormatFiles.ReadAsync(_format, path);
        var byKey = events.ToDictionary(e => e.SourceKey);

        Assert.Equal(("call_1", "bash", """{"command": "cat missing.py"}"""), (byKey["m3:call:0"].ToolUseId, byKey["m3:call:0"].ToolName, byKey["m3:call:0"].ToolInput));
        Assert.Equal(("call_1", 1, true, "cat: missing.py: No such file or directory\n"), (byKey["m4"].ToolUseId, byKey["m4"].ExitCode, byKey["m4"].IsError, byKey["m4"].Text));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1763510000500), byKey["m4"].Timestamp);
        Assert.Equal(("call_2", -1, true), (byKey["m6"].ToolUseId, byKey["m6"].ExitCode, byKey["m6"].IsError));
        Assert.Equal((TranscriptEventKind.Feedback, "An error occurred while executing the command: timed out"), (byKey["m6:exception"].Kind, byKey["m6:exception"].Text));
        Assert.Equal(TranscriptEventKind.Feedback, byKey["m8"].Kind);
        Assert.Equal(TranscriptEventKind.Marker, byKey["m9"].Kind);
        Assert.Equal(("Submitted", "claude-sonnet-4-5-20250929"), (result.Metadata.Outcome, _format.AgentOf(result.Metadata)));
    }

    [Theory]
    [InlineData("google/gemini-3-pro-preview", "gemini-3-pro-preview")]
    [InlineData("@google/gemini-3-pro-preview", "gemini-3-pro-preview")]
    [InlineData("openrouter/anthropic/Claude Sonnet 4.5", "claude-sonnet-4.5")]
    [InlineData("gpt-4o", "gpt-4o")]
    [InlineData("vertex_ai/claude-3-5-sonnet@20240620", "claude-3-5-sonnet-20240620")]
    [InlineData("  ", null)]
    [InlineData("models/", "models")]
    public void A_model_id_becomes_a_valid_agent_name(string model, string? agent) => Assert.Equal(agent, AgentNames.FromModel(model));

    /// <summary>A small mini-swe-agent trajectory: system and task, then <paramref name="messages"/>, with <paramref name="config"/> as <c>info.config</c>.</summary>
    internal static string MiniTrajectory(string config, params string[] messages) => $$"""
        {
          "info": {"exit_status": "Submitted", "submission": "", "model_stats": {"instance_cost": 0.01, "api_calls": 3}, "mini_version": "1.15.0", "config": {{config}}},
          "messages": [
            {"role": "system", "content": "You are a helpful assistant."},
            {"role": "user", "content": "Fix the bug."},
            {{string.Join(",\n    ", messages)}}
          ],
          "trajectory_format": "mini-swe-agent-1",
          "instance_id": "acme__widgets-7"
        }
        """;
}
