using System.Text.Json;

namespace Engram.Bench;

internal static partial class ClaudeCodeCorpus
{
    /// <summary>
    /// Turns of a coding session: a prompt, then rounds of assistant lines (thinking, text, tool uses sharing one
    /// message id) answered by tool results, until the budget is spent; now and then a summary or a compaction.
    /// </summary>
    private sealed class Conversation(TranscriptWriter writer, Random random, Project project)
    {
        /// <summary>Shares of events seen in real sessions, roughly.</summary>
        private const double ErrorShare = 0.10;
        private const double LargeResultShare = 0.01;
        private const double SecretShare = 0.005;
        private const double BlockContentShare = 0.10;
        private const int MinLargeResultBytes = 100_000;
        private const int MaxLargeResultBytes = 1_000_000;

        private readonly TextBuilder _text = new();
        private readonly string _model = Vocabulary.Models[random.Next(Vocabulary.Models.Length)];
        private long _context = random.Next(12_000, 20_000);

        public void Run(long budget)
        {
            while (writer.Bytes < budget)
            {
                if (writer.Leaf is not null && random.NextDouble() < 0.02)
                {
                    Summary();
                }

                if (writer.Records > 300 && random.NextDouble() < 0.01)
                {
                    Compaction();
                }

                Prompt();
                var rounds = random.Next(1, 7);
                for (var round = 0; round < rounds && writer.Bytes < budget; round++)
                {
                    ToolRound(budget);
                }

                AssistantText(stopReason: "end_turn", Vocabulary.Paragraphs(_text.Clear(), random, 1, 3));
            }
        }

        private void Prompt()
        {
            Vocabulary.Prompt(_text.Clear(), random, project);
            if (random.NextDouble() < SecretShare)
            {
                _text.Append("\n\nUse this for the staging run: ");
                Vocabulary.FakeSecret(_text, random);
            }

            var json = writer.Begin("user");
            json.WriteStartObject("message");
            json.WriteString("role", "user");
            json.WriteString("content", _text.Span);
            json.WriteEndObject();
            writer.End(10, 300);
        }

        private void ToolRound(long budget)
        {
            var messageId = TranscriptWriter.NewId(random, "msg_01", 22);
            var requestId = TranscriptWriter.NewId(random, "req_011C", 20);
            if (random.NextDouble() < 0.4)
            {
                var json = BeginAssistant(messageId);
                json.WriteStartObject();
                json.WriteString("type", "thinking");
                json.WriteString("thinking", Vocabulary.Paragraphs(_text.Clear(), random, 1, 2).Span);
                json.WriteString("signature", Vocabulary.Base64(_text.Clear(), random, random.Next(200, 600)).Span);
                json.WriteEndObject();
                EndAssistant(requestId, stopReason: null);
            }

            if (random.NextDouble() < 0.7)
            {
                var json = BeginAssistant(messageId);
                json.WriteStartObject();
                json.WriteString("type", "text");
                json.WriteString("text", Vocabulary.Sentences(_text.Clear(), random, 1, 3).Span);
                json.WriteEndObject();
                EndAssistant(requestId, stopReason: null);
            }

            var calls = random.NextDouble() < 0.8 ? 1 : random.Next(2, 4);
            var uses = new (string Id, ToolKind Kind, string Target)[calls];
            for (var i = 0; i < calls; i++)
            {
                uses[i] = ToolUse(messageId, requestId, stopReason: i == calls - 1 ? "tool_use" : null);
            }

            foreach (var use in uses)
            {
                ToolResult(use.Id, use.Kind, use.Target, budget);
            }
        }

        private (string Id, ToolKind Kind, string Target) ToolUse(string messageId, string requestId, string? stopReason)
        {
            var id = TranscriptWriter.NewId(random, "toolu_01", 22);
            var kind = Vocabulary.PickTool(random);
            var file = project.Cwd + "/" + project.Files[random.Next(project.Files.Length)];
            var json = BeginAssistant(messageId);
            json.WriteStartObject();
            json.WriteString("type", "tool_use");
            json.WriteString("id", id);
            json.WriteString("name", kind.ToString());
            json.WriteStartObject("input");
            var target = file;
            switch (kind)
            {
                case ToolKind.Bash:
                    target = Vocabulary.Command(random, project.Language);
                    json.WriteString("command", target);
                    json.WriteString("description", Vocabulary.Sentence(_text.Clear(), random, 3, 7).Span);
                    break;
                case ToolKind.Read:
                    json.WriteString("file_path", file);
                    break;
                case ToolKind.Edit:
                    json.WriteString("file_path", file);
                    json.WriteString("old_string", Vocabulary.Code(_text.Clear(), random, project.Language, 1, 6).Span);
                    json.WriteString("new_string", Vocabulary.Code(_text.Clear(), random, project.Language, 1, 8).Span);
                    break;
                case ToolKind.Grep:
                    target = Vocabulary.Identifier(random);
                    json.WriteString("pattern", target);
                    json.WriteString("path", project.Cwd + "/src");
                    json.WriteString("output_mode", "content");
                    json.WriteBoolean("-n", true);
                    break;
            }

            json.WriteEndObject();
            json.WriteEndObject();
            EndAssistant(requestId, stopReason);
            return (id, kind, target);
        }

        private void ToolResult(string toolUseId, ToolKind kind, string target, long budget)
        {
            var isError = random.NextDouble() < ErrorShare;
            var remaining = budget - writer.Bytes;
            if (isError)
            {
                Vocabulary.Error(_text.Clear(), random, kind, target, project);
            }
            else if (kind == ToolKind.Bash && random.NextDouble() < LargeResultShare && remaining > 2 * MinLargeResultBytes)
            {
                // Written twice (content and toolUseResult), so half the remaining budget at most.
                Vocabulary.Log(_text.Clear(), random, (int)Math.Min(random.Next(MinLargeResultBytes, MaxLargeResultBytes), remaining / 2));
            }
            else
            {
                Vocabulary.Output(_text.Clear(), random, kind, target, project);
                if (kind == ToolKind.Bash && random.NextDouble() < SecretShare * 2)
                {
                    _text.Append('\n');
                    Vocabulary.FakeSecret(_text, random);
                }
            }

            var json = writer.Begin("user");
            json.WriteStartObject("message");
            json.WriteString("role", "user");
            json.WriteStartArray("content");
            json.WriteStartObject();
            json.WriteString("tool_use_id", toolUseId);
            json.WriteString("type", "tool_result");
            if (random.NextDouble() < BlockContentShare)
            {
                json.WriteStartArray("content");
                json.WriteStartObject();
                json.WriteString("type", "text");
                json.WriteString("text", _text.Span);
                json.WriteEndObject();
                json.WriteEndArray();
            }
            else
            {
                json.WriteString("content", _text.Span);
            }

            json.WriteBoolean("is_error", isError);
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            if (isError)
            {
                json.WriteString("toolUseResult", "Error: " + _text.Span.ToString());
            }
            else if (kind == ToolKind.Bash)
            {
                json.WriteStartObject("toolUseResult");
                json.WriteString("stdout", _text.Span);
                json.WriteString("stderr", "");
                json.WriteBoolean("interrupted", false);
                json.WriteBoolean("isImage", false);
                json.WriteEndObject();
            }
            else if (kind == ToolKind.Read)
            {
                json.WriteStartObject("toolUseResult");
                json.WriteString("type", "text");
                json.WriteStartObject("file");
                json.WriteString("filePath", target);
                json.WriteString("content", _text.Span);
                json.WriteNumber("numLines", _text.Lines);
                json.WriteNumber("startLine", 1);
                json.WriteNumber("totalLines", _text.Lines);
                json.WriteEndObject();
                json.WriteEndObject();
            }

            _context += _text.Length / 4;
            writer.End(0, 30);
        }

        private void AssistantText(string stopReason, TextBuilder text)
        {
            var json = BeginAssistant(TranscriptWriter.NewId(random, "msg_01", 22));
            json.WriteStartObject();
            json.WriteString("type", "text");
            json.WriteString("text", text.Span);
            json.WriteEndObject();
            EndAssistant(TranscriptWriter.NewId(random, "req_011C", 20), stopReason);
        }

        private Utf8JsonWriter BeginAssistant(string messageId)
        {
            var json = writer.Begin("assistant");
            json.WriteStartObject("message");
            json.WriteString("id", messageId);
            json.WriteString("type", "message");
            json.WriteString("role", "assistant");
            json.WriteString("model", _model);
            json.WriteStartArray("content");
            return json;
        }

        private void EndAssistant(string requestId, string? stopReason)
        {
            var json = writer.Json;
            json.WriteEndArray();
            json.WriteString("stop_reason", stopReason);
            json.WriteNull("stop_sequence");
            json.WriteStartObject("usage");
            json.WriteNumber("input_tokens", random.Next(1, 12));
            json.WriteNumber("cache_creation_input_tokens", random.Next(0, 3_000));
            json.WriteNumber("cache_read_input_tokens", _context);
            json.WriteNumber("output_tokens", random.Next(1, 900));
            json.WriteString("service_tier", "standard");
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteString("requestId", requestId);
            writer.End(1, 15);
        }

        private void Summary()
        {
            var json = writer.Json;
            json.WriteStartObject();
            json.WriteString("type", "summary");
            json.WriteString("summary", Vocabulary.Sentence(_text.Clear(), random, 4, 9).Span);
            json.WriteString("leafUuid", writer.Leaf);
            json.WriteEndObject();
            writer.EndLine();
        }

        /// <summary>A compact boundary starts a new chain (parentUuid null, logicalParentUuid the old leaf), then the summary prompt.</summary>
        private void Compaction()
        {
            var json = writer.Begin("system", chained: false);
            json.WriteString("logicalParentUuid", writer.Leaf);
            json.WriteString("subtype", "compact_boundary");
            json.WriteString("content", "Conversation compacted");
            json.WriteBoolean("isMeta", false);
            json.WriteString("level", "info");
            json.WriteStartObject("compactMetadata");
            json.WriteString("trigger", "auto");
            json.WriteNumber("preTokens", _context);
            json.WriteEndObject();
            writer.End();

            _text.Clear().Append("This session is being continued from a previous conversation that ran out of context. The conversation is summarized below:\n");
            Vocabulary.Paragraphs(_text, random, 4, 10);
            json = writer.Begin("user");
            json.WriteStartObject("message");
            json.WriteString("role", "user");
            json.WriteString("content", _text.Span);
            json.WriteEndObject();
            json.WriteBoolean("isCompactSummary", true);
            writer.End();
            _context = random.Next(12_000, 30_000);
        }
    }
}
