using System.Text.Json;

namespace Engram.Sessions.Formats;

internal sealed partial class MiniSweAgentFormat
{
    private sealed partial class Reading
    {
        /// <summary>The exit status of a run that submitted: its last message is the submit command's output.</summary>
        private const string Submitted = "Submitted";

        /// <summary>Maps one message to its events.</summary>
        private void Judge(HeldMessage message, bool last)
        {
            var value = message.Value;
            var timestamp = Timestamp(value);
            JsonDocuments.Widen(ref _start, ref _end, timestamp);
            var context = new MessageContext($"m{message.Index}", timestamp, message.Raw, message.Line);
            if (ContentBlocks.String(value, "type") == "function_call_output")
            {
                ToolOutput(value, context, ContentBlocks.String(value, "call_id"), ContentBlocks.String(value, "output") ?? "");
                return;
            }

            if (ContentBlocks.String(value, "object") == "response")
            {
                ResponseObject(value, context);
                return;
            }

            var text = OpenAiChatFormat.ContentText(value) ?? "";
            switch (ContentBlocks.String(value, "role"))
            {
                case "system":
                    Add(context.Event(TranscriptEventKind.Marker, null, text));
                    break;
                case "assistant":
                    Reply(value, text, context);
                    break;
                case "tool":
                    ToolOutput(value, context, ContentBlocks.String(value, "tool_call_id"), text);
                    break;
                case "user" when !_taskSeen:
                    _taskSeen = true;
                    Add(context.Event(TranscriptEventKind.UserMessage, null, text));
                    break;
                case "user":
                    UserRole(value, text, context, last);
                    break;
                case "exit":
                    // Version 2's closing record: the exit status, and the submission as its text.
                    _exitStatus ??= Nested(value, "extra", "exit_status");
                    Add(context.Event(TranscriptEventKind.Marker, null, text));
                    break;
                case var role:
                    Skipped.Add(new SkippedRecord(path, message.Line, role is null ? "no role" : $"unknown role '{role}'"));
                    break;
            }
        }

        /// <summary>
        /// The agent's reply: its reasoning (when the provider returned it), its text (the THOUGHT), and its commands:
        /// tool calls, the actions the harness parsed (version 2's <c>extra.actions</c>), or, by mini-swe-agent's own
        /// rule, the reply's one action block; a reply with none or several has no command (the harness answers it
        /// with a format error).
        /// </summary>
        private void Reply(JsonElement message, string text, MessageContext context)
        {
            if (Reasoning(message) is { Length: > 0 } reasoning)
            {
                Add(context.Event(TranscriptEventKind.Thinking, "thinking", reasoning));
            }

            if (text.Length > 0)
            {
                Add(context.Event(TranscriptEventKind.AgentMessage, null, text));
            }

            _actions.Clear();
            if (message.TryGetField("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array && calls.GetArrayLength() > 0)
            {
                var index = 0;
                foreach (var call in calls.EnumerateArray())
                {
                    var function = call.TryGetField("function", out var f) ? f : default;
                    Command(context, $"call:{index++}", ContentBlocks.String(call, "id"), ContentBlocks.String(function, "name") ?? "bash", Arguments(function));
                }

                return;
            }

            if (message.TryGetField("extra", out var extra) && extra.ValueKind == JsonValueKind.Object
                && extra.TryGetField("actions", out var parsed) && parsed.ValueKind == JsonValueKind.Array)
            {
                var index = 0;
                foreach (var action in parsed.EnumerateArray())
                {
                    if (ContentBlocks.String(action, "command") is { } command)
                    {
                        Command(context, $"action:{index}", ContentBlocks.String(action, "tool_call_id"), "bash", JsonDocuments.CommandInput(command));
                    }

                    index++;
                }

                return;
            }

            if (_harness.Actions(text) is [var only])
            {
                Command(context, "action", null, "bash", JsonDocuments.CommandInput(only));
            }
        }

        /// <summary>A command the agent issued; its id is the call's own, or the event's key, which its result will carry.</summary>
        private void Command(MessageContext context, string suffix, string? callId, string name, string? input)
        {
            var use = context.Event(TranscriptEventKind.ToolUse, suffix, null);
            var id = callId ?? use.SourceKey;
            _actions.Add(new PendingAction(id, name));
            Add(use with { ToolUseId = id, ToolName = name, ToolInput = input });
        }

        /// <summary>
        /// A user-role message after the task: the harness answering the last reply (format error, timeout,
        /// observation), the run's closing word (when last), or, when the last reply issued no command, the harness's
        /// answer to that; only what is none of these is a person speaking (an interactive run).
        /// </summary>
        private void UserRole(JsonElement message, string text, MessageContext context, bool last)
        {
            var extra = message.TryGetField("extra", out var e) && e.ValueKind == JsonValueKind.Object ? e : default;
            if (ContentBlocks.String(extra, "interrupt_type") == "FormatError" || _harness.IsFormatError(text))
            {
                _actions.Clear();
                Add(context.Event(TranscriptEventKind.Feedback, null, text));
                return;
            }

            if (_harness.IsTimeout(text))
            {
                ToolResult(context, text, exitCode: null, isError: true);
                return;
            }

            if (Observation.Parse(text) is { } observation)
            {
                Observed(context, observation, ReturnCode(extra) ?? observation.ExitCode);
                return;
            }

            if (ReturnCode(extra) is { } code)
            {
                Observed(context, new Observation(code, RawOutput(extra, text), null, ContentBlocks.String(extra, "exception_info")), code);
                return;
            }

            if (last)
            {
                Closing(text, context);
                return;
            }

            Add(context.Event(_actions.Count == 0 ? TranscriptEventKind.Feedback : TranscriptEventKind.UserMessage, null, text));
        }

        /// <summary>
        /// The run's last message: the submit command's output when the run submitted; when it stopped at a limit, a
        /// marker; when the harness failed, the error it raised.
        /// </summary>
        private void Closing(string text, MessageContext context)
        {
            if (_exitStatus == Submitted || (_submission is { Length: > 0 } && text == _submission))
            {
                if (_actions.Count > 0)
                {
                    ToolResult(context, text, exitCode: null, isError: false);
                }
                else
                {
                    Add(context.Event(TranscriptEventKind.Marker, null, text));
                }

                return;
            }

            var stoppedAtLimit = _exitStatus is null || _exitStatus.EndsWith("Exceeded", StringComparison.Ordinal) || text.Length == 0;
            Add(context.Event(stoppedAtLimit ? TranscriptEventKind.Marker : TranscriptEventKind.Error, null, text.Length > 0 ? text : _exitStatus));
        }

        /// <summary>A <c>tool</c> message or Responses <c>function_call_output</c>: the result of the call it names.</summary>
        private void ToolOutput(JsonElement message, MessageContext context, string? callId, string text)
        {
            var extra = message.TryGetField("extra", out var e) && e.ValueKind == JsonValueKind.Object ? e : default;
            var observation = Observation.Parse(text) ?? new Observation(null, RawOutput(extra, text), null, ContentBlocks.String(extra, "exception_info"));
            Observed(context, observation, ReturnCode(extra) ?? observation.ExitCode, callId);
        }

        /// <summary>An observation: the command's result, then what the harness added about it (a warning, an exception).</summary>
        private void Observed(MessageContext context, Observation observation, int? exitCode, string? callId = null)
        {
            ToolResult(context, observation.Output, exitCode, isError: exitCode is not (null or 0) || observation.Exception is { Length: > 0 }, callId);
            if (observation.Warning is { Length: > 0 } warning)
            {
                Add(context.Event(TranscriptEventKind.Feedback, "warning", warning));
            }

            if (observation.Exception is { Length: > 0 } exception)
            {
                Add(context.Event(TranscriptEventKind.Feedback, "exception", exception));
            }
        }

        /// <summary>The result of the call <paramref name="callId"/>, or of the last reply's next command.</summary>
        private void ToolResult(MessageContext context, string text, int? exitCode, bool isError, string? callId = null)
        {
            var index = callId is null ? (_actions.Count > 0 ? 0 : -1) : _actions.FindIndex(a => a.Id == callId);
            var action = index >= 0 ? _actions[index] : null;
            if (index >= 0)
            {
                _actions.RemoveAt(index);
            }

            Add(context.Event(TranscriptEventKind.ToolResult, null, text) with
            {
                ToolUseId = action?.Id ?? callId, ToolName = action?.Name, IsError = isError, ExitCode = exitCode,
            });
        }

        /// <summary>A Responses API object (version 2 with a Responses model): reasoning, text and function calls in its output items.</summary>
        private void ResponseObject(JsonElement response, MessageContext context)
        {
            _actions.Clear();
            if (!response.TryGetField("output", out var output) || output.ValueKind != JsonValueKind.Array)
            {
                return;
            }

            var index = 0;
            foreach (var item in output.EnumerateArray())
            {
                var suffix = $"item:{index++}";
                switch (ContentBlocks.String(item, "type"))
                {
                    case "reasoning" when item.TryGetField("summary", out var summary):
                        Add(context.Event(TranscriptEventKind.Thinking, suffix, ContentBlocks.ToText(summary) ?? ""));
                        break;
                    case "message":
                        Add(context.Event(TranscriptEventKind.AgentMessage, suffix, OpenAiChatFormat.ContentText(item)));
                        break;
                    case "function_call":
                        Command(context, suffix, ContentBlocks.String(item, "call_id") ?? ContentBlocks.String(item, "id"), ContentBlocks.String(item, "name") ?? "bash", Arguments(item));
                        break;
                }
            }
        }

        /// <summary>A function call's arguments as JSON (they are a JSON string in chat completions).</summary>
        private static string? Arguments(JsonElement function) =>
            function.ValueKind == JsonValueKind.Object && function.TryGetField("arguments", out var value)
                ? value.ValueKind == JsonValueKind.String ? JsonDocuments.AsJson(value.GetString()!) : value.GetRawText()
                : null;

        /// <summary>The reasoning a provider returned with the reply (<c>extra.response.choices[0].message.reasoning</c>, or the message's own <c>reasoning_content</c>).</summary>
        private static string? Reasoning(JsonElement message)
        {
            if (ContentBlocks.String(message, "reasoning_content") is { } own)
            {
                return own;
            }

            return message.TryGetField("extra", out var extra) && extra.ValueKind == JsonValueKind.Object
                && extra.TryGetField("response", out var response) && response.ValueKind == JsonValueKind.Object
                && response.TryGetField("choices", out var choices) && choices.ValueKind == JsonValueKind.Array && choices.GetArrayLength() > 0
                && choices[0].TryGetField("message", out var reply)
                    ? ContentBlocks.String(reply, "reasoning") ?? ContentBlocks.String(reply, "reasoning_content")
                    : null;
        }

        /// <summary>Version 2's <c>extra.returncode</c>.</summary>
        private static int? ReturnCode(JsonElement extra) =>
            extra.ValueKind == JsonValueKind.Object && extra.TryGetField("returncode", out var code) && code.ValueKind == JsonValueKind.Number && code.TryGetInt32(out var value)
                ? value
                : null;

        /// <summary>The command's output as the harness recorded it (<c>extra.raw_output</c>) when the agent saw it whole, else the message.</summary>
        private static string RawOutput(JsonElement extra, string text) =>
            ContentBlocks.String(extra, "raw_output") is { } raw && text.Contains(raw, StringComparison.Ordinal) ? raw : text;

        /// <summary>When the message was written: version 2's <c>extra.timestamp</c>, or the model response's <c>created</c> (Unix seconds).</summary>
        private static DateTimeOffset? Timestamp(JsonElement message)
        {
            var extra = message.TryGetField("extra", out var e) && e.ValueKind == JsonValueKind.Object ? e : default;
            var response = extra.ValueKind == JsonValueKind.Object && extra.TryGetField("response", out var r) ? r : default;
            return JsonDocuments.UnixSeconds(extra, "timestamp") ?? JsonDocuments.UnixSeconds(response, "created")
                ?? JsonDocuments.UnixSeconds(message, "created_at") ?? JsonDocuments.UnixSeconds(message, "timestamp");
        }
    }
}
