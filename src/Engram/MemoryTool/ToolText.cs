using System.Globalization;
using System.Text;

namespace Engram.MemoryTool;

/// <summary>
/// The strings of the memory tool contract (memory-tool.md), byte for byte, and the rules this implementation
/// chose where the contract is silent. Every <c>{path}</c> is an agent path (<c>/memories/...</c>).
/// </summary>
internal static class ToolText
{
    /// <summary>The most lines a file view shows; the contract's limit.</summary>
    public const int MaxLines = 999_999;

    /// <summary>Lines of context a str_replace snippet shows before and after the replaced text.</summary>
    public const int SnippetContextLines = 4;

    /// <summary>The size shown for every directory, as <c>du</c> shows a directory's own block on most file systems.</summary>
    public const string DirectorySize = "4.0K";

    private const int LineNumberWidth = 6;

    public static string DirectoryHeader(string path) =>
        $"Here're the files and directories up to 2 levels deep in {path}, excluding hidden items and node_modules:";

    public static string FileHeader(string path) => $"Here's the content of {path} with line numbers:";

    public static string TooManyLines(string path) => $"File {path} exceeds maximum line limit of 999,999 lines.";

    public static string ViewMissing(string path) => $"The path {path} does not exist. Please provide a valid path.";

    public static string Created(string path) => $"File created successfully at: {path}";

    public static string AlreadyExists(string path) => $"Error: File {path} already exists";

    public const string Edited = "The memory file has been edited.";

    public static string ReplaceMissing(string path) => $"Error: The path {path} does not exist. Please provide a valid path.";

    public static string NoMatch(string oldStr, string path) =>
        $"No replacement was performed, old_str `{oldStr}` did not appear verbatim in {path}.";

    public static string MultipleMatches(string oldStr, IEnumerable<int> lines) =>
        $"No replacement was performed. Multiple occurrences of old_str `{oldStr}` in lines: {string.Join(", ", lines)}. Please ensure it is unique";

    public static string Inserted(string path) => $"The file {path} has been edited.";

    /// <summary>The "does not exist" error of insert, delete and rename.</summary>
    public static string Missing(string path) => $"Error: The path {path} does not exist";

    public static string InvalidInsertLine(int insertLine, int lineCount) =>
        $"Error: Invalid `insert_line` parameter: {insertLine}. It should be within the range of lines of the file: [0, {lineCount}]";

    public static string Deleted(string path) => $"Successfully deleted {path}";

    public static string Renamed(string oldPath, string newPath) => $"Successfully renamed {oldPath} to {newPath}";

    public static string DestinationExists(string newPath) => $"Error: The destination {newPath} already exists";

    // Texts for cases the contract leaves open.
    public static string InvalidPath(string path, string reason) => $"Error: The path {path} is not allowed: {reason}.";

    public static string RootNotDeletable(string path) =>
        $"Error: The memory root {path} cannot be deleted; delete the files and directories inside it instead.";

    public static string RootNotRenamable(string path) => $"Error: The memory root {path} cannot be renamed.";

    public static string IntoItself(string oldPath, string newPath) => $"Error: Cannot move {oldPath} into itself ({newPath}).";

    public static string Overlaps(string path, string? other) => other is null
        ? $"Error: Cannot write {path}: it overlaps another memory's path (a path cannot be both a file and a directory)."
        : $"Error: Cannot write {path}: it overlaps {other} (a path cannot be both a file and a directory).";

    public static string ReadOnly(string path) => $"Error: You may not write {path}; this path is read-only for you.";

    public static string ReadOnlyMove(string oldPath, string newPath) =>
        $"Error: You may not move {oldPath} to {newPath}; one of these paths is read-only for you.";

    public static string Changed(string path) =>
        $"Error: The file {path} changed since it was read; nothing was written. View it again and retry.";

    public const string EmptyOldStr = "Error: old_str must not be empty.";

    public static string ViewRangeShape => "Error: Invalid `view_range` parameter: it should be a list of two integers [start, end].";

    public static string ViewRangeOnDirectory => "Error: The `view_range` parameter is not allowed when `path` points to a directory.";

    public static string ViewRangeStart(int start, int end, int lineCount) =>
        $"Error: Invalid `view_range` parameter: [{start}, {end}]. Its first element `{start}` should be within the range of lines of the file: [1, {lineCount}]";

    public static string ViewRangeEnd(int start, int end, int lineCount) =>
        $"Error: Invalid `view_range` parameter: [{start}, {end}]. Its second element `{end}` should be -1 or within [{start}, {lineCount}]";

    /// <summary>
    /// The answer when the write became proposals: not an error, the agent did what it could and a reviewer decides.
    /// </summary>
    public static string Proposed(string path, IReadOnlyList<string> proposalIds) => proposalIds.Count == 1
        ? $"Proposal {proposalIds[0]} was filed for review: you may only propose changes to {path}, so it stays as it was until a reviewer accepts the proposal."
        : $"Proposals {string.Join(", ", proposalIds)} were filed for review: you may only propose changes to {path}, so they stay as they were until a reviewer accepts the proposals.";

    /// <summary>A directory operation that wrote some memories and was stopped or proposed for the rest.</summary>
    public static string Partly(int done, int total, string path, string verb) =>
        $"{done} of {total} memories under {path} were {verb}.";

    /// <summary>
    /// A size as GNU <c>du -h</c> prints it: bytes below 1,024 as a plain number (<c>512</c>); larger sizes in
    /// K, M or G (powers of 1,024), rounded up, with one decimal below 10 (<c>1.5K</c>, <c>4.0K</c>) and none
    /// from 10 on (<c>12K</c>).
    /// </summary>
    public static string Size(long bytes)
    {
        if (bytes < 1024)
        {
            return bytes.ToString(CultureInfo.InvariantCulture);
        }

        double value = bytes;
        var unit = 0;
        const string Units = "KMGTPE";
        do
        {
            value /= 1024;
            unit++;
        }
        while (value >= 1024 && unit < Units.Length);

        var suffix = Units[unit - 1];
        if (value < 10)
        {
            var tenths = Math.Ceiling(Math.Round(value * 10, 6));
            return tenths >= 100
                ? $"10{suffix}"
                : (tenths / 10).ToString("0.0", CultureInfo.InvariantCulture) + suffix;
        }

        var whole = Math.Ceiling(Math.Round(value, 6));
        return whole >= 1024 && unit < Units.Length
            ? $"1.0{Units[unit]}"
            : whole.ToString("0", CultureInfo.InvariantCulture) + suffix;
    }

    /// <summary>
    /// Lines <paramref name="first"/> to <paramref name="last"/> (1-based, inclusive) each as the line number
    /// right-aligned in 6 characters, a tab and the line, one per line.
    /// </summary>
    public static string Numbered(FileLines file, int first, int last)
    {
        var text = new StringBuilder();
        for (var number = first; number <= last; number++)
        {
            if (number > first)
            {
                text.Append('\n');
            }

            text.Append(number.ToString(CultureInfo.InvariantCulture).PadLeft(LineNumberWidth)).Append('\t').Append(file.Lines[number - 1]);
        }

        return text.ToString();
    }
}
