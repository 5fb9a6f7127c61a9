using System.Text;
using CsCheck;

namespace Engram.Tests.Sessions;

/// <summary>A file made to break transcript readers: its name (the ending decides nothing but looks real) and its bytes.</summary>
public sealed record HostileFile(string Kind, string Name, byte[] Bytes)
{
    /// <summary>How CsCheck prints a failing file: its kind, name, size and start, never megabytes of it.</summary>
    public override string ToString()
    {
        var start = Encoding.UTF8.GetString(Bytes, 0, Math.Min(Bytes.Length, 300));
        return $"{Kind} {Name} ({Bytes.Length:N0} bytes): {System.Text.Json.JsonSerializer.Serialize(start)}";
    }
}

/// <summary>
/// Generators of hostile transcript files: random bytes, random UTF-16, lines longer than the detection sample and the
/// read buffer, deep nesting, JSON built from the formats' own field names with values of every wrong type, and the
/// real fixtures of every format cut, spliced and salted with what breaks parsers.
/// </summary>
internal static class HostileTranscriptGen
{
    /// <summary>
    /// The fixtures of every format (their licence notices aside), read once; declared first, since the generators below
    /// are built from them. Engram.Tests keeps them under <c>Sessions/Fixtures</c>; a project that links this file, under <c>Fixtures</c>.
    /// </summary>
    private static readonly HostileFile[] Fixtures =
        [.. Directory.GetFiles(
                Directory.Exists(Path.Combine(AppContext.BaseDirectory, "Sessions", "Fixtures"))
                    ? Path.Combine(AppContext.BaseDirectory, "Sessions", "Fixtures")
                    : Path.Combine(AppContext.BaseDirectory, "Fixtures"),
                "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith("LICENSE", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => new HostileFile("fixture", Path.GetFileName(f), File.ReadAllBytes(f)))];

    private static readonly string[] Endings = [".jsonl", ".json", ".traj", ".traj.json"];

    /// <summary>Property names the readers look for, so generated records reach deep into each format's code.</summary>
    private static readonly string[] Keys =
    [
        "type", "role", "content", "message", "text", "uuid", "parentUuid", "logicalParentUuid", "sessionId", "isSidechain", "timestamp",
        "payload", "id", "call_id", "output", "arguments", "name", "tool_calls", "tool_call_id", "function", "function_call", "messages",
        "data", "history", "trajectory", "info", "config", "agent", "model", "model_name", "usage", "input_tokens", "output_tokens",
        "exit_code", "metadata", "action", "observation", "thought", "response", "trajectory_format", "instance_id", "extra", "returncode",
        "summary", "leafUuid", "error", "is_error", "tool_use_id", "input", "source", "media_type", "cwd", "gitBranch", "replay_config",
        "environment", "exit_status", "model_stats", "tokens_sent", "record_type", "processed_at", "is_demo", "message_type", "thinking",
        "image_url", "url", "success", "toolUseResult", "subtype", "compactMetadata", "mini_version", "submission", "templates", "tools",
        "\u00e9", "\\ud800", "",
    ];

    /// <summary>String values the formats branch on, and strings that break naive code.</summary>
    private static readonly string[] Strings =
    [
        "user", "assistant", "system", "summary", "tool", "function", "developer", "session_meta", "response_item", "event_msg",
        "turn_context", "compacted", "message", "function_call", "function_call_output", "custom_tool_call", "reasoning", "local_shell_call",
        "user.message", "agent.message", "agent.tool_use", "agent.tool_result", "agent.mcp_tool_use", "session.error", "session.status_idle",
        "text", "tool_use", "tool_result", "image", "document", "thinking", "input_text", "output_text", "mini-swe-agent-1",
        "<returncode>1</returncode>\\n<output>\\nbash: x: command not found\\n</output>", "THOUGHT: look\\n```bash\\nls\\n```",
        "```bash\\nls\\n```\\n```bash\\npwd\\n```", "{\\\"output\\\":\\\"x\\\",\\\"metadata\\\":{\\\"exit_code\\\":1e400}}", "{\\\"command\\\":[\\\"ls\\\"]}",
        "{", "[", "2026-01-01T00:00:00Z", "not a date", "9999-99-99T99:99:99Z", "cut \\ud83d", "\\udc00", "\\ud83d\\ude00", "\\u0000",
        "Traceback (most recent call last):", "error: x", "owner/repo", "sweb.eval.x86_64.a__b-1", "a__b-1", "", " ",
    ];

    private static readonly string[] Numbers = ["0", "-1", "1", "1.5", "1e400", "-1e400", "1e-400", "-0", "2147483648", "9223372036854775808", "123456789012345678901234567890"];

    /// <summary>Text spliced into real files: escapes of lone surrogates, zero bytes, stray structure, huge numbers, a byte order mark, deep nesting.</summary>
    private static readonly string[] Splices =
    [
        "\\ud800", "\\udc00", "\\ud83d\\", "\\u", "\0", "\n", "\r\n", "{", "[", "}", "]", "\"", ",", ":", "null", "1e400", "-0",
        "99999999999999999999", "true", "\uFEFF", "\uFFFD", "\u2028", new string('[', 100), new string('{', 70), "{\"type\":", "\"role\":\"tool\"",
    ];

    private static readonly Gen<string> Scalar = Gen.Frequency(
        (4, Gen.OneOf(Strings).Select(s => "\"" + s + "\"")),
        (2, Gen.OneOf(Numbers)),
        (1, Gen.OneOf("true", "false", "null")),
        (1, Gen.Int[0, 5000].Select(n => "\"" + new string('x', n) + "\"")));

    private static readonly Gen<string> Key = Gen.OneOf(Keys).Select(k => "\"" + k + "\"");

    private static readonly Gen<string> Value = Gen.Recursive<string>((depth, value) => depth > 4
        ? Scalar
        : Gen.Frequency(
            (4, Scalar),
            (1, value.Array[0, 4].Select(items => "[" + string.Join(",", items) + "]")),
            (3, Gen.Select(Key, value).Array[0, 6].Select(Object))));

    /// <summary>A record: an object whose first property is usually one the formats dispatch on.</summary>
    private static readonly Gen<string> Record = Gen.Select(
        Gen.OneOf("\"type\"", "\"role\"", "\"record_type\"", "\"action\""), Gen.OneOf(Strings), Gen.Select(Key, Value).Array[0, 8])
        .Select((first, kind, rest) => Object([(first, "\"" + kind + "\""), .. rest]));

    /// <summary>Random bytes, text or not.</summary>
    public static Gen<HostileFile> RandomBytes { get; } =
        Gen.Select(Gen.Byte.Array[0, 16 * 1024], Gen.OneOf(Endings)).Select((bytes, ending) => new HostileFile("random bytes", "f" + ending, bytes));

    /// <summary>Random UTF-16 (either byte order, with or without a byte order mark), and real transcripts saved as UTF-16.</summary>
    public static Gen<HostileFile> RandomUtf16 { get; } = Gen.Select(
        Gen.Frequency((1, Gen.String[Gen.Char, 0, 4000]), (1, Gen.OneOf(Fixtures).Select(f => Encoding.UTF8.GetString(f.Bytes)))),
        Gen.Bool, Gen.Bool, Gen.OneOf(Endings))
        .Select((text, bigEndian, mark, ending) =>
        {
            var encoding = bigEndian ? Encoding.BigEndianUnicode : Encoding.Unicode;
            return new HostileFile("utf-16", "f" + ending, [.. mark ? encoding.GetPreamble() : [], .. encoding.GetBytes(text)]);
        });

    /// <summary>A line longer than the detection sample (64 KiB) and often than the read buffer (1 MiB), alone or among records, ended or not.</summary>
    public static Gen<HostileFile> HugeLines { get; } = Gen.Select(
        Gen.OneOf(
            "{\"type\":\"user\",\"sessionId\":\"s\",\"uuid\":\"u\",\"parentUuid\":null,\"message\":{\"role\":\"user\",\"content\":\"",
            "{\"type\":\"response_item\",\"payload\":{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"",
            "{\"messages\":[{\"role\":\"user\",\"content\":\"", "[{\"role\":\"user\",\"content\":\"", "{\"a\":\"", "", "[", "{"),
        Gen.Int[64 * 1024, 3 * 1024 * 1024], Gen.Bool, Gen.Bool, Gen.Select(Record, Gen.Bool).Array[0, 3], Gen.OneOf(Endings))
        .Select((start, length, closed, ended, others, ending) =>
        {
            var line = new StringBuilder(start.Length + length + 16).Append(start).Append('x', length);
            if (closed)
            {
                line.Append(start.Contains("messages", StringComparison.Ordinal) || start.StartsWith('[') ? "\"}]" : start.Length > 0 ? "\"}}" : "");
            }

            var text = string.Concat(others.Where(o => o.Item2).Select(o => o.Item1 + "\n")) + line + (ended ? "\n" : "")
                + string.Concat(others.Where(o => !o.Item2).Select(o => o.Item1 + "\n"));
            return new HostileFile("huge line", "f" + ending, Encoding.UTF8.GetBytes(text));
        });

    /// <summary>Nesting from a few levels to 200,000, around the bound of 64 most often, of arrays or objects, closed or cut, bare or inside a record or a document.</summary>
    public static Gen<HostileFile> DeepNesting { get; } = Gen.Select(
        Gen.Frequency((3, Gen.Int[60, 70]), (1, Gen.Int[1, 1000]), (1, Gen.Int[1000, 200_000])),
        Gen.OneOf("[", "{\"a\":", "{\"content\":", "[{\"type\":\"text\",\"text\":"), Gen.Bool,
        Gen.OneOf("bare", "record", "document", "log"), Gen.OneOf(Endings))
        .Select((depth, open, closed, where, ending) =>
        {
            var close = open switch { "[" => "]", "[{\"type\":\"text\",\"text\":" => "}]", _ => "}" };
            var nested = new StringBuilder(depth * (open.Length + close.Length) + 1);
            nested.Insert(0, open, depth).Append('1');
            if (closed)
            {
                nested.Insert(nested.Length, close, depth);
            }

            var value = nested.ToString();
            var text = where switch
            {
                "record" => "{\"type\":\"user\",\"sessionId\":\"s\",\"uuid\":\"u\",\"message\":{\"role\":\"user\",\"content\":" + value + "}}\n",
                "document" => "{\n\"messages\": [\n{\"role\": \"user\", \"content\": " + value + "}\n]\n}\n",
                "log" => "{\"type\":\"user.message\",\"id\":\"a\",\"content\":\"hi\"}\n" + value + "\n{\"type\":\"agent.message\",\"id\":\"b\",\"content\":\"ok\"}\n",
                _ => value,
            };
            return new HostileFile("deep nesting", "f" + ending, Encoding.UTF8.GetBytes(text));
        });

    /// <summary>Records built from the formats' own field names with values of every kind, as JSON Lines or as a document.</summary>
    public static Gen<HostileFile> StructuredJson { get; } = Gen.Select(
        Record.Array[1, 12], Gen.OneOf("lines", "array", "messages", "data", "history", "trajectory"), Gen.Select(Key, Value).Array[0, 4], Gen.OneOf(Endings))
        .Select((records, layout, properties, ending) =>
        {
            var text = layout == "lines"
                ? string.Join('\n', records) + "\n"
                : layout == "array"
                    ? "[\n" + string.Join(",\n", records) + "\n]\n"
                    : "{\n" + string.Concat(properties.Select(p => p.Item1 + ": " + p.Item2 + ",\n")) + "\"" + layout + "\": [\n" + string.Join(",\n", records) + "\n]\n}\n";
            return new HostileFile("structured " + layout, "f" + ending, Encoding.UTF8.GetBytes(text));
        });

    /// <summary>A real file of some format, cut, spliced with random bytes and with text that breaks parsers, a few times over.</summary>
    public static Gen<HostileFile> MutatedFixtures { get; } = Gen.Select(
        Gen.OneOf(Fixtures),
        Gen.Select(Gen.Int[0, 5], Gen.Double[0, 1], Gen.OneOf(Splices), Gen.Byte.Array[1, 8]).Array[1, 6])
        .Select((fixture, mutations) =>
        {
            var bytes = fixture.Bytes.ToList();
            foreach (var (kind, where, splice, random) in mutations)
            {
                var at = (int)(where * bytes.Count);
                switch (kind)
                {
                    case 0:
                        bytes.RemoveRange(at, bytes.Count - at); // cut
                        break;
                    case 1:
                        bytes.InsertRange(at, random);
                        break;
                    case 2 when at < bytes.Count:
                        bytes[at] = random[0];
                        break;
                    case 3:
                        bytes.RemoveRange(at, Math.Min(random.Length * 16, bytes.Count - at));
                        break;
                    default:
                        bytes.InsertRange(at, Encoding.UTF8.GetBytes(splice));
                        break;
                }
            }

            return new HostileFile("mutated " + fixture.Name, fixture.Name, [.. bytes]);
        });

    /// <summary>Every kind of hostile file, huge lines less often since each costs megabytes.</summary>
    public static Gen<HostileFile> Any { get; } = Gen.Frequency(
        (3, RandomBytes), (2, RandomUtf16), (1, HugeLines), (2, DeepNesting), (4, StructuredJson), (6, MutatedFixtures));

    private static string Object(IEnumerable<(string Key, string Value)> properties) => "{" + string.Join(",", properties.Select(p => p.Key + ":" + p.Value)) + "}";
}
