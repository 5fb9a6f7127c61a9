using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Engram.Sessions;

namespace Engram.Dreaming.Signals;

/// <summary>What signals need to know about one tool call, read once from its JSON input.</summary>
/// <param name="Tool">The tool's name.</param>
/// <param name="Command">For shell-like tools (input <c>command</c> or <c>cmd</c>, a string or an argument list): the command line.</param>
/// <param name="Program">The program <see cref="Command"/> runs, or null.</param>
/// <param name="Summary">The command, else a named path, pattern or query, else the compact JSON; secrets masked, cut.</param>
/// <param name="Shape">The summary's first words with variable parts masked.</param>
/// <param name="InputHash">Hash of the input as JSON with sorted keys and no whitespace: equal for equal inputs.</param>
/// <param name="Strings">The input's top-level string fields (each cut), for the memory rules.</param>
internal sealed record ToolCall(
    string Tool, string? Command, string? Program, string Summary, string Shape, string InputHash, IReadOnlyDictionary<string, string> Strings)
{
    /// <summary>Tool names that are shells whatever their input looks like.</summary>
    private static readonly HashSet<string> ShellTools = new(StringComparer.OrdinalIgnoreCase)
    {
        "bash", "sh", "zsh", "shell", "terminal", "cmd", "powershell", "command", "run_command", "execute_command", "exec_command",
        "run_terminal_cmd", "run_shell_command", "shell_command", "local_shell", "container.exec",
    };

    /// <summary>Input fields a shell call carries besides its command: a call with others (a path, a text) is a tool with a <c>command</c> verb, such as the memory tool.</summary>
    private static readonly HashSet<string> ShellFields = new(StringComparer.Ordinal) { "command", "cmd", "description", "timeout", "workdir", "cwd", "restart", "shell" };

    /// <summary>
    /// The call ran a shell command line: a shell tool, or a tool with nothing but a command line whose program is not
    /// the tool itself (a harness's own <c>edit</c> command is a tool, not a shell).
    /// </summary>
    public bool IsShell => ShellTools.Contains(Tool)
        || (Command is not null && !string.Equals(Program, Tool, StringComparison.Ordinal) && Strings.Keys.All(ShellFields.Contains));

    /// <summary>Words of a shape: the program and its subcommand or first flags (<c>python -m pytest</c>).</summary>
    private const int ShapeWords = 3;

    /// <summary>Characters kept of each top-level string field: paths and commands fit, file contents do not need to.</summary>
    private const int MaxFieldChars = 1_024;

    /// <summary>Fields that name what a non-shell call is about, in the order they are preferred.</summary>
    private static readonly string[] SummaryFields = ["file_path", "path", "notebook_path", "old_path", "pattern", "url", "query"];

    /// <summary>
    /// Share of words two calls must have in common for the later one to count as a retry of the earlier: enough
    /// that <c>pytest tests</c> → <c>python -m pytest tests</c> or <c>make docs</c> → <c>pip install sphinx &amp;&amp; make docs</c>
    /// are retries, while <c>cat app.log</c> → <c>grep -rn handler src</c> is the agent moving on.
    /// </summary>
    internal const double RetryOverlap = 0.3;

    /// <summary>
    /// This successful call tried again what <paramref name="failed"/> tried: the same program, enough words in common
    /// (a shell's setup steps such as <c>cd dir &amp;&amp;</c> left out; for other tools, the words of what they name), or
    /// the same file argument (<c>bin/test tests/a.py</c> after <c>pytest tests/a.py</c>: another way to the same end).
    /// A file utility (<c>cat</c>, <c>sed</c>, <c>ls</c>…) succeeding after another program failed is never its retry.
    /// </summary>
    internal bool Retries(ToolCall failed)
    {
        if (Program is not null && Program == failed.Program)
        {
            return true;
        }

        // Looking at or writing files after a failure is preparing or looking around, not another way to do the work.
        if (ShellCommand.IsFileUtility(Program))
        {
            return false;
        }

        var mine = Words(this);
        var theirs = Words(failed);
        var union = mine.Union(theirs, StringComparer.Ordinal).Count();
        var shared = mine.Intersect(theirs, StringComparer.Ordinal).ToList();
        return (union > 0 && (double)shared.Count / union >= RetryOverlap)
            || (Command is not null && failed.Command is not null && shared.Any(word => IsFileArgument(word) && word != Program && word != failed.Program));

        static IReadOnlySet<string> Words(ToolCall call) => call.Command is { } command
            ? ShellCommand.WorkWords(command)
            : call.Summary.Split([' ', '/', '\\', '=', ':'], StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
    }

    // A word that names a file or folder: long enough, with a path separator or an extension, not an option.
    private static bool IsFileArgument(string word) =>
        word.Length >= MinFileArgumentChars && !word.StartsWith('-') && (word.Contains('/', StringComparison.Ordinal) || word.Contains('.', StringComparison.Ordinal));

    /// <summary>Characters a shared argument needs to tie two commands together: <c>a.py</c> could be anything; <c>tests/x.py</c> is a place.</summary>
    private const int MinFileArgumentChars = 6;

    public static ToolCall Read(string tool, string? inputJson)
    {
        var (normalized, strings, command) = Parse(inputJson);
        var summarySource = command ?? SummaryFields.Select(field => strings.GetValueOrDefault(field)).FirstOrDefault(value => value is not null) ?? normalized;
        var summary = SignalText.Quote(FirstLine(summarySource));
        var program = command is null ? null : ShellCommand.Program(command);
        var shape = Shaped(command is null ? summary : ShellCommand.MainSegment(SignalText.Quote(FirstLine(command))), command is not null);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalized)))[..ErrorTemplates.IdHexChars];
        return new ToolCall(tool, command, program, summary, shape, hash, strings);
    }

    // The first words with variable parts masked; a command's program keeps its name (`/usr/bin/python3` is `python3`).
    private static string Shaped(string text, bool isCommand)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (!isCommand || words.Length == 0)
        {
            return string.Join(' ', ErrorTemplates.MaskVariables(text).Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(ShapeWords));
        }

        var program = ShellCommand.Program(words[0]) ?? words[0];
        var rest = ErrorTemplates.MaskVariables(string.Join(' ', words.Skip(1))).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return string.Join(' ', rest.Prepend(program).Take(ShapeWords));
    }

    private static string FirstLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";

    private static (string Normalized, Dictionary<string, string> Strings, string? Command) Parse(string? json)
    {
        var strings = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(json))
        {
            return ("{}", strings, null);
        }

        // Parsed as transcripts are (lone surrogate escapes replaced, nesting bounded): an input stored before the
        // importer did so must not throw out of a dream.
        if (Sessions.Formats.TranscriptJson.TryParse(json) is not { } document)
        {
            return (json.Trim(), strings, null); // a cut input is kept as text; compared as text
        }

        using (document)
        {
            var root = document.RootElement;
            string? command = null;
            if (root.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in root.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String))
                {
                    var value = property.Value.GetString()!;
                    strings.TryAdd(property.Name, value.Length <= MaxFieldChars ? value : value[..MaxFieldChars]);
                }

                command = CommandOf(root, "command") ?? CommandOf(root, "cmd");
            }

            return (Normalize(root), strings, command);
        }
    }

    private static string? CommandOf(JsonElement root, string name) =>
        !root.TryGetProperty(name, out var value) ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(item => item.ValueKind == JsonValueKind.String)
            ? ShellCommand.FromArguments([.. value.EnumerateArray().Select(item => item.GetString()!)])
            : null;

    private static string Normalize(JsonElement root)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteSorted(writer, root);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteSorted(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Name);
                    WriteSorted(writer, property.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    WriteSorted(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }
}
