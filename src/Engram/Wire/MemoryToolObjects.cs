using System.Text.Json.Serialization;
using Engram.MemoryTool;

namespace Engram.Wire;

/// <summary>
/// Extension: the answer of one memory tool command, ready to send back as the agent's <c>tool_result</c>
/// (<see cref="Content"/> as its content, <see cref="IsError"/> as its <c>is_error</c>).
/// </summary>
internal sealed record MemoryToolResultJson(string Content, bool IsError)
{
    /// <summary>Always <c>memory_tool_result</c>.</summary>
    [JsonPropertyOrder(-1)]
    public string Type => "memory_tool_result";
}

/// <summary>Memory tool results to and from their wire shape.</summary>
internal static class MemoryToolMapping
{
    /// <summary>The wire shape of a result.</summary>
    public static MemoryToolResultJson ToJson(this MemoryToolResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new MemoryToolResultJson(result.Text, result.IsError);
    }

    /// <summary>The result a wire object carries.</summary>
    public static MemoryToolResult ToModel(this MemoryToolResultJson json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return new MemoryToolResult(json.Content, json.IsError);
    }
}
