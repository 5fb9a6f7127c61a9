using System.Text.Json.Nodes;
using Engram.Sessions;
using Engram.Sessions.Formats;

namespace Engram.Tests.Sessions.Formats;

public sealed class SweAgentFormatTests
{
    private const string Pydicom = "pydicom__pydicom-1458.traj";
    private const string Marshmallow = "marshmallow-code__marshmallow-1867.traj";

    private readonly SweAgentFormat _format = new();

    private static string Fixture(string name) => FormatFiles.Fixture("swe-agent", name);

    private Task<(List<TranscriptEvent> Events, TranscriptReadResult Result)> ReadAsync(string path) => FormatFiles.ReadAsync(_format, path);

    /// <summary>A fixture changed by <paramref name="change"/>, written to <paramref name="directory"/>.</summary>
    private static string Changed(TempDirectory directory, string name, Action<JsonObject> change)
    {
        var document = JsonNode.Parse(File.ReadAllText(Fixture(name)))!.AsObject();
        change(document);
        return directory.Write(name, document.ToJsonString());
    }

    [Fact]
    public async Task The_history_is_the_conversation_and_the_demonstration_is_kept_off_path()
    {
        var (events, result) = await ReadAsync(Fixture(Pydicom));

        Assert.Equal(
            [
                "h1:Marker", "h2:Marker", "h3:UserMessage", "h4:AgentMessage", "h4:action:ToolUse", "h5:ToolResult",
                "h6:AgentMessage", "h6:action:ToolUse", "h7:ToolResult", "h8:AgentMessage", "h8:action:ToolUse", "h9:ToolResult",
                "h10:AgentMessage", "h10:action:ToolUse", "h11:ToolResult", "h12:AgentMessage", "h12:action:ToolUse", "h13:ToolResult",
                "h14:AgentMessage", "h14:action:ToolUse",
            ],
            events.Select(e => $"{e.SourceKey}:{e.Kind}"));
        Assert.Equal(["h2"], events.Where(e => e.OffPath).Select(e => e.SourceKey));
        Assert.StartsWith("Here is a demonstration", events[1].Text, StringComparison.Ordinal);
        Assert.Empty(result.Skipped);
        Assert.Equal(events.Count, result.Events);
    }

    [Fact]
    public async Task An_action_is_named_by_the_harness_command_it_starts_with_and_anything_else_is_bash()
    {
        var (events, _) = await ReadAsync(Fixture(Pydicom));
        var uses = events.Where(e => e.Kind == TranscriptEventKind.ToolUse).ToList();

        Assert.Equal(["create", "bash", "edit", "edit", "bash", "submit"], uses.Select(e => e.ToolName));
        Assert.Equal("""{"command":"create reproduce_bug.py"}""", uses[0].ToolInput);
        Assert.Equal("""{"command":"python reproduce_bug.py"}""", uses[1].ToolInput);
        Assert.Equal(uses.Select(u => u.ToolUseId), events.Where(e => e.Kind == TranscriptEventKind.ToolResult).Select(r => r.ToolUseId).Append("h14:action"));
    }

    [Fact]
    public async Task The_edit_linters_refusal_is_a_failed_edit_and_other_results_have_no_exit_code_to_judge_by()
    {
        var (events, _) = await ReadAsync(Fixture(Pydicom));
        var byKey = events.ToDictionary(e => e.SourceKey);

        Assert.Equal(("edit", true), (byKey["h9"].ToolName, byKey["h9"].IsError));
        Assert.StartsWith("Your proposed edit has introduced new syntax error(s).", byKey["h9"].Text, StringComparison.Ordinal);
        Assert.False(byKey["h7"].IsError); // a traceback in a shell's output is for the dreaming side to read; SWE-agent reports no exit code
        Assert.All(events, e => Assert.Null(e.ExitCode));
    }

    [Fact]
    public async Task A_result_is_the_observation_as_the_trajectory_recorded_it_without_the_next_step_template()
    {
        var (events, _) = await ReadAsync(Fixture(Pydicom));
        var byKey = events.ToDictionary(e => e.SourceKey);

        Assert.Equal("[File: /pydicom__pydicom/reproduce_bug.py (1 lines total)]\n1:\n", byKey["h5"].Text);
        Assert.Equal("", byKey["h13"].Text);
        Assert.All(events.Where(e => e.Kind == TranscriptEventKind.ToolResult), e => Assert.DoesNotContain("(Current directory:", e.Text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Function_calls_name_their_tool_and_their_results_pair_by_call_id()
    {
        var (events, _) = await ReadAsync(Fixture(Marshmallow));
        var uses = events.Where(e => e.Kind == TranscriptEventKind.ToolUse).ToList();
        var results = events.Where(e => e.Kind == TranscriptEventKind.ToolResult).ToList();

        Assert.Equal(["create", "edit", "edit", "bash", "submit"], uses.Select(e => e.ToolName));
        Assert.Equal("""{"filename":"reproduce.py"}""", uses[0].ToolInput);
        Assert.StartsWith("call_", uses[0].ToolUseId, StringComparison.Ordinal);
        Assert.Equal(uses.Select(u => (u.ToolUseId, u.ToolName)), results.Select(r => (r.ToolUseId, r.ToolName)));
        Assert.Equal([false, true, false, false, false], results.Select(r => r.IsError));
        Assert.Equal("345", results[3].Text);
    }

    [Fact]
    public async Task The_replay_config_gives_model_project_and_title_and_info_gives_outcome_and_tokens()
    {
        var (_, marshmallow) = await ReadAsync(Fixture(Marshmallow));
        var (_, pydicom) = await ReadAsync(Fixture(Pydicom));

        Assert.Equal(
            new TranscriptMetadata(Title: "marshmallow-code__marshmallow-1867", Model: "gpt-4o", Usage: new TokenUsage(), Outcome: "submitted", Project: "marshmallow-code/marshmallow"),
            marshmallow.Metadata);
        Assert.Equal("gpt-4o", _format.AgentOf(marshmallow.Metadata));
        Assert.Equal(
            new TranscriptMetadata(Title: "pydicom__pydicom-1458", Usage: new TokenUsage(122612, 1369), Outcome: "submitted", Project: "pydicom/pydicom"),
            pydicom.Metadata);
        Assert.Null(_format.AgentOf(pydicom.Metadata));
    }

    [Fact]
    public async Task A_replay_config_written_as_a_json_string_is_read_the_same()
    {
        using var directory = new TempDirectory();
        var path = Changed(directory, Marshmallow, d => d["replay_config"] = d["replay_config"]!.ToJsonString());

        var (_, result) = await ReadAsync(path);

        Assert.Equal(("gpt-4o", "marshmallow-code/marshmallow"), (result.Metadata.Model, result.Metadata.Project));
    }

    [Fact]
    public async Task A_file_with_only_a_history_is_read_from_it()
    {
        var (events, result) = await ReadAsync(Fixture("function_calling_simple.traj"));

        Assert.Equal(["find_file", "open", "edit", "bash", "submit"], events.Where(e => e.Kind == TranscriptEventKind.ToolUse).Select(e => e.ToolName));
        Assert.Equal(5, events.Count(e => e.Kind == TranscriptEventKind.ToolResult && e.ToolUseId is not null));
        Assert.Equal(("function_calling_simple", (string?)null), (result.Metadata.Title, result.Metadata.Outcome));
    }

    [Fact]
    public async Task Without_a_history_the_trajectory_is_the_conversation()
    {
        using var directory = new TempDirectory();
        var path = Changed(directory, Pydicom, d => d.Remove("history"));

        var (events, _) = await ReadAsync(path);

        Assert.Equal(["t1", "t1:action", "t1:result"], events.Take(3).Select(e => e.SourceKey));
        Assert.Equal(["create", "bash", "edit", "edit", "bash", "submit"], events.Where(e => e.Kind == TranscriptEventKind.ToolUse).Select(e => e.ToolName));
        Assert.Equal([false, false, true, false, false, false], events.Where(e => e.Kind == TranscriptEventKind.ToolResult).Select(e => e.IsError));
    }

    [Fact]
    public async Task A_reply_the_harness_asked_again_for_is_put_back_before_the_one_it_kept_with_its_answer_as_feedback()
    {
        using var directory = new TempDirectory();
        const string Refused = "I will now fix the rounding.";
        const string Answer = "Your last output did not use any tool calls!\nPlease make sure your output includes exactly _ONE_ function call!";
        var path = Changed(directory, Marshmallow, d =>
        {
            // As SWE-agent 1 records it: the refused step in the trajectory, and the next step queried with the refused reply and the answer.
            var steps = d["trajectory"]!.AsArray();
            var kept = steps[1]!.AsObject();
            kept["query"] = new JsonArray(
                new JsonObject { ["role"] = "system", ["content"] = "SETTING: ...", ["message_type"] = "system_prompt" },
                new JsonObject { ["role"] = "assistant", ["content"] = Refused, ["message_type"] = "assistant" },
                new JsonObject { ["role"] = "user", ["content"] = Answer, ["message_type"] = "user" });
            steps.Insert(1, new JsonObject { ["action"] = "", ["observation"] = "", ["response"] = Refused, ["thought"] = Refused });
        });

        var (events, _) = await ReadAsync(path);

        var edit = events.FindIndex(e => e.Kind == TranscriptEventKind.ToolUse && e.ToolName == "edit");
        var replies = events.Take(edit).TakeLast(3).ToList();
        Assert.Equal(
            [(TranscriptEventKind.AgentMessage, "t3:requery", Refused), (TranscriptEventKind.Feedback, "t3:requery:answer", Answer)],
            replies.Take(2).Select(e => (e.Kind, e.SourceKey, e.Text!)));
        Assert.Equal(TranscriptEventKind.AgentMessage, replies[2].Kind);
        Assert.DoesNotContain(events, e => e.Kind == TranscriptEventKind.UserMessage && e.Text == Answer);
    }

    [Fact]
    public async Task A_format_error_or_a_timeout_in_the_history_is_feedback_or_a_failed_call()
    {
        using var directory = new TempDirectory();
        var path = directory.Write("run.traj", """
            {
              "environment": "swe_main",
              "trajectory": [],
              "history": [
                {"role": "system", "content": "SETTING: you are an autonomous programmer.", "agent": "primary"},
                {"role": "user", "content": "ISSUE: the tests hang.", "agent": "primary"},
                {"role": "assistant", "content": "I'll think about it.", "thought": "I'll think about it.", "action": "", "agent": "primary"},
                {"role": "user", "content": "Your output was not formatted correctly. You must always include one discussion and one command as part of your response.", "agent": "primary"},
                {"role": "assistant", "content": "Run them.\n```\npytest -x\n```", "thought": "Run them.", "action": "pytest -x\n", "agent": "primary"},
                {"role": "user", "content": "The command 'pytest -x' was cancelled because it took more than 30 seconds. Please try a different command that completes more quickly.\n(Open file: n/a)\n(Current directory: /repo)\nbash-$", "agent": "primary"}
              ],
              "info": {"exit_status": "exit_cost"}
            }
            """);

        var (events, result) = await ReadAsync(path);
        var byKey = events.ToDictionary(e => e.SourceKey);

        Assert.Equal(TranscriptEventKind.Feedback, byKey["h4"].Kind);
        Assert.Equal((TranscriptEventKind.ToolResult, "bash", true), (byKey["h6"].Kind, byKey["h6"].ToolName, byKey["h6"].IsError));
        Assert.Equal("exit_cost", result.Metadata.Outcome);
    }
}
