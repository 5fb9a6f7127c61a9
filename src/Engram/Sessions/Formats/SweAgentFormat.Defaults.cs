using System.Text.RegularExpressions;

namespace Engram.Sessions.Formats;

internal sealed partial class SweAgentFormat
{
    /// <summary>
    /// SWE-agent's own commands in its default tool bundles (the file viewer and editor, search, submit): an action
    /// starting with one calls that tool; any other action is a shell command. A run's documentation adds its own.
    /// </summary>
    private static readonly HashSet<string> DefaultCommands = new(StringComparer.Ordinal)
    {
        "open", "goto", "scroll_up", "scroll_down", "create", "edit", "insert", "append", "search_dir", "search_file", "find_file",
        "submit", "str_replace_editor", "filemap",
    };

    /// <summary>SWE-agent's default answers to a malformed reply (its parsers' error messages), for runs that do not carry their templates.</summary>
    private static readonly HarnessTemplate[] DefaultFormatErrors =
    [
        HarnessTemplate.Opening("Your output was not formatted correctly"), HarnessTemplate.Opening("Your output could not be parsed"),
        HarnessTemplate.Opening("Your last output did not use any tool calls"), HarnessTemplate.Opening("Your last output included multiple tool calls"),
        HarnessTemplate.Opening("Your action could not be parsed properly"),
    ];

    /// <summary>
    /// SWE-agent's default refusals of a call, each a failure of that call: the edit linter, the shell syntax check,
    /// the command timeout (version 1's message, and version 0's line appended to the output), the blocklist.
    /// </summary>
    [GeneratedRegex(
        @"\A\s*(?:Your proposed edit has introduced new syntax error|Your bash command contained syntax errors and was NOT executed|The command .{0,4000}? was cancelled because it took more than \d|Operation .{0,4000}? is not supported by this environment)|^EXECUTION TIMED OUT[ \t]*\r?$",
        RegexOptions.Singleline | RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex DefaultRefusal();
}
