using System.Text.Json;

namespace Engram.MemoryTool;

public sealed partial class MemoryToolHandler
{
    /// <summary>The commands of <c>memory_20250818</c>, as the error for an unknown one lists them.</summary>
    private const string Commands = "view, create, str_replace, insert, delete, rename";

    /// <summary>
    /// Executes a tool_use input object (<c>{"command": "view", "path": ..., ...}</c>); a malformed input is an
    /// error result naming the field, never an exception.
    /// </summary>
    public Task<MemoryToolResult> ExecuteAsync(JsonElement input, CancellationToken cancellationToken)
    {
        if (input.ValueKind != JsonValueKind.Object)
        {
            return Malformed("Error: The memory tool input must be a JSON object with a `command` field.");
        }

        var fields = new InputFields(input);
        if (fields.String("command") is not { } command)
        {
            return Malformed(fields.Problem!);
        }

        return command switch
        {
            "view" => fields.String("path") is { } path && fields.Range("view_range", out var range)
                ? ViewAsync(path, range, cancellationToken)
                : Malformed(fields.Problem!),
            "create" => fields.String("path") is { } path && fields.String("file_text") is { } text
                ? CreateAsync(path, text, cancellationToken)
                : Malformed(fields.Problem!),
            "str_replace" => fields.String("path") is { } path && fields.String("old_str") is { } oldStr && fields.OptionalString("new_str", out var newStr)
                ? StrReplaceAsync(path, oldStr, newStr, cancellationToken)
                : Malformed(fields.Problem!),
            "insert" => fields.String("path") is { } path && fields.Integer("insert_line") is { } line && fields.String("insert_text") is { } text
                ? InsertAsync(path, line, text, cancellationToken)
                : Malformed(fields.Problem!),
            "delete" => fields.String("path") is { } path
                ? DeleteAsync(path, cancellationToken)
                : Malformed(fields.Problem!),
            "rename" => fields.String("old_path") is { } oldPath && fields.String("new_path") is { } newPath
                ? RenameAsync(oldPath, newPath, cancellationToken)
                : Malformed(fields.Problem!),
            _ => Malformed($"Error: Unknown command `{command}`; the memory tool's commands are {Commands}."),
        };
    }

    private static Task<MemoryToolResult> Malformed(string text) => Task.FromResult(MemoryToolResult.Error(text));

    /// <summary>Reads fields of a tool input, keeping the first problem as the error text that names the field.</summary>
    private sealed class InputFields(JsonElement input)
    {
        public string? Problem { get; private set; }

        public string? String(string name)
        {
            if (!input.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return Fail($"Error: Missing required parameter `{name}`.");
            }

            return value.ValueKind == JsonValueKind.String ? value.GetString() : Fail($"Error: Parameter `{name}` must be a string.");
        }

        public bool OptionalString(string name, out string? text)
        {
            text = null;
            if (!input.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return true;
            }

            text = value.ValueKind == JsonValueKind.String ? value.GetString() : Fail($"Error: Parameter `{name}` must be a string.");
            return text is not null;
        }

        public int? Integer(string name)
        {
            if (!input.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                Fail($"Error: Missing required parameter `{name}`.");
                return null;
            }

            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
            {
                return number;
            }

            Fail($"Error: Parameter `{name}` must be an integer.");
            return null;
        }

        public bool Range(string name, out IReadOnlyList<int>? range)
        {
            range = null;
            if (!input.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return true;
            }

            if (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() == 2
                && value[0].ValueKind == JsonValueKind.Number && value[0].TryGetInt32(out var start)
                && value[1].ValueKind == JsonValueKind.Number && value[1].TryGetInt32(out var end))
            {
                range = [start, end];
                return true;
            }

            Fail($"Error: Parameter `{name}` must be a list of two integers [start, end].");
            return false;
        }

        private string? Fail(string problem)
        {
            Problem ??= problem;
            return null;
        }
    }
}
