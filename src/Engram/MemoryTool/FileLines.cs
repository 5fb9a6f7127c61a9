namespace Engram.MemoryTool;

/// <summary>
/// A file's text as numbered lines. Lines end at <c>\n</c>; a final <c>\n</c> ends the last line rather than
/// starting an empty one, and is kept on write. Empty content has no lines.
/// </summary>
internal sealed class FileLines
{
    private FileLines(List<string> lines, bool endsWithNewline)
    {
        Lines = lines;
        EndsWithNewline = endsWithNewline;
    }

    /// <summary>The lines, without their <c>\n</c>.</summary>
    public List<string> Lines { get; }

    /// <summary>Whether the text ended with <c>\n</c>.</summary>
    public bool EndsWithNewline { get; }

    /// <summary>The number of lines.</summary>
    public int Count => Lines.Count;

    /// <summary>Splits <paramref name="text"/> into lines.</summary>
    public static FileLines Of(string text)
    {
        if (text.Length == 0)
        {
            return new FileLines([], endsWithNewline: false);
        }

        var endsWithNewline = text[^1] == '\n';
        var lines = (endsWithNewline ? text[..^1] : text).Split('\n').ToList();
        return new FileLines(lines, endsWithNewline);
    }

    /// <summary>The text again, ending with <c>\n</c> when the original did.</summary>
    public string Join() => string.Join('\n', Lines) + (EndsWithNewline ? "\n" : "");

    /// <summary>The 1-based line on which character <paramref name="index"/> of <paramref name="text"/> lies.</summary>
    public static int LineAt(string text, int index) => text.AsSpan(0, index).Count('\n') + 1;
}
