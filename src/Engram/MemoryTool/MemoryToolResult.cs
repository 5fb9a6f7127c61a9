namespace Engram.MemoryTool;

/// <summary>
/// What one memory tool command answers: the plain text the agent reads, and whether it travels back as a
/// <c>tool_result</c> with <c>is_error: true</c>.
/// </summary>
public sealed record MemoryToolResult(string Text, bool IsError)
{
    /// <summary>A successful result.</summary>
    public static MemoryToolResult Ok(string text) => new(text, IsError: false);

    /// <summary>An error result.</summary>
    public static MemoryToolResult Error(string text) => new(text, IsError: true);
}
