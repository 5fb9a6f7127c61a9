using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Engram.Sessions.Formats;

internal sealed partial class SweAgentFormat
{
    /// <summary>A function call of a function-calling reply: its id, the tool's name and its arguments as JSON.</summary>
    private sealed record Call(string? Id, string? Name, string? Arguments);

    /// <summary>One message of the history (at its 1-based <c>Position</c>), copied out of the parser's buffer.</summary>
    private sealed record HistoryMessage(
        long Position, string? Role, string Text, string? Thought, string? Action, IReadOnlyList<Call> Calls, IReadOnlyList<string> CallIds,
        IReadOnlyList<string> Thinking, bool IsDemo, string? MessageType, string Raw)
    {
        public static HistoryMessage Of(JsonElement message, string raw, long position)
        {
            var calls = new List<Call>();
            if (message.TryGetField("tool_calls", out var toolCalls) && toolCalls.ValueKind == JsonValueKind.Array)
            {
                foreach (var call in toolCalls.EnumerateArray())
                {
                    var function = call.TryGetField("function", out var f) ? f : default;
                    var arguments = function.ValueKind == JsonValueKind.Object && function.TryGetField("arguments", out var a)
                        ? a.ValueKind == JsonValueKind.String ? JsonDocuments.AsJson(a.GetString()!) : a.GetRawText()
                        : null;
                    calls.Add(new Call(ContentBlocks.String(call, "id"), ContentBlocks.String(function, "name"), arguments));
                }
            }

            var ids = message.TryGetField("tool_call_ids", out var idArray) && idArray.ValueKind == JsonValueKind.Array
                ? idArray.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.String).Select(i => i.GetString()!).ToList()
                : [];
            var thinking = message.TryGetField("thinking_blocks", out var blocks) && blocks.ValueKind == JsonValueKind.Array
                ? blocks.EnumerateArray().Select(b => ContentBlocks.String(b, "thinking")).OfType<string>().ToList()
                : [];
            var text = message.TryGetField("content", out var content) ? ContentBlocks.ToText(content) ?? "" : "";
            return new HistoryMessage(
                position, ContentBlocks.String(message, "role"), text, ContentBlocks.String(message, "thought"), ContentBlocks.String(message, "action"),
                calls, ids, thinking, message.TryGetField("is_demo", out var demo) && demo.ValueKind == JsonValueKind.True,
                ContentBlocks.String(message, "message_type"), raw);
        }
    }

    /// <summary>
    /// One step of the trajectory (at its 1-based <c>Position</c>), copied out of the parser's buffer: what the agent
    /// did and saw, and, when the harness asked for this reply again, the refused reply and the harness's answer (the
    /// last two messages of the conversation the step queried with). <c>Raw</c> is the step as recorded, without the
    /// copy of the conversation (<c>messages</c>, <c>query</c>) version 1 stores in each.
    /// </summary>
    private sealed record Step(long Position, string Action, string Observation, string? Thought, string? Response, Requery? Requery, string Raw)
    {
        /// <summary>The properties holding the conversation a step was queried with: everything the history already has.</summary>
        private static readonly string[] ConversationCopies = ["messages", "query"];

        public static Step Of(JsonElement step, long position) => new(
            position, ContentBlocks.String(step, "action") ?? "", ContentBlocks.String(step, "observation") ?? "",
            ContentBlocks.String(step, "thought"), ContentBlocks.String(step, "response"), RequeryOf(step), WithoutCopies(step));

        /// <summary>
        /// The harness's request for a new reply, when the step's query ends with one: a reply (<c>message_type</c>
        /// <c>assistant</c>) and the harness's answer to it (<c>message_type</c> <c>user</c>), the pair version 1
        /// appends to the conversation when it asks again, and never keeps.
        /// </summary>
        private static Requery? RequeryOf(JsonElement step)
        {
            foreach (var name in ConversationCopies)
            {
                if (!step.TryGetField(name, out var messages) || messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() < 2)
                {
                    continue;
                }

                var reply = messages[messages.GetArrayLength() - 2];
                var answer = messages[messages.GetArrayLength() - 1];
                if (ContentBlocks.String(reply, "message_type") == "assistant" && ContentBlocks.String(answer, "message_type") == "user"
                    && ContentBlocks.String(answer, "role") == "user")
                {
                    var said = answer.TryGetField("content", out var text) ? ContentBlocks.ToText(text) : null;
                    var replied = reply.TryGetField("content", out var output) ? ContentBlocks.ToText(output) : null;
                    return said is null ? null : new Requery(replied ?? "", said);
                }
            }

            return null;
        }

        private static string WithoutCopies(JsonElement step)
        {
            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                writer.WriteStartObject();
                foreach (var property in step.EnumerateObject())
                {
                    if (!ConversationCopies.Contains(property.Name))
                    {
                        property.WriteTo(writer);
                    }
                }

                writer.WriteEndObject();
            }

            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
    }

    /// <summary>A reply the harness refused and asked again for, and what it answered.</summary>
    private sealed record Requery(string Reply, string Answer);
}
