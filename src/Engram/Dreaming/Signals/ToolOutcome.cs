using System.Text.RegularExpressions;
using Engram.Sessions;
using Engram.Sessions.Formats;

namespace Engram.Dreaming.Signals;

/// <summary>
/// Whether a tool result failed the way the agent experienced it, across formats: an exit code the format recorded
/// (or a wrapper's <c>Exit code N</c> line), the format's error flag, or, for shells whose format has neither, output
/// that plainly reads as a failure. A search that merely found nothing is not a failure: <c>grep</c> and its kin exit
/// 1 for "no match", <c>diff</c> and <c>cmp</c> for "different", <c>test</c> for "false", and an empty <c>find</c> is
/// an answer. A pipe's exit code is its last stage's, so a zero behind a pipe does not hide a traceback at the end of
/// the output (unless the command only shows files: a listing of code that contains "Traceback" is no failure).
/// </summary>
internal static partial class ToolOutcome
{
    /// <summary>Programs whose exit code 1 answers a question (no match, files differ, condition false) rather than reporting an error.</summary>
    private static readonly HashSet<string> Questions = new(StringComparer.Ordinal)
    {
        "grep", "egrep", "fgrep", "zgrep", "rg", "ag", "ack", "git-grep", "diff", "cmp", "test", "[", "[[", "pgrep", "comm",
    };

    /// <summary>The result failed; see the class for the rules.</summary>
    public static bool Failed(ToolCall call, TranscriptEvent result)
    {
        var text = result.Text ?? "";
        var exit = ExitCode(result);
        if (exit is 0)
        {
            return call.IsShell && call.Command is { } piped && ShellCommand.HasPipe(piped) && !ShellCommand.IsFileUtility(call.Program) && EndsInFailure(text);
        }

        if (exit is { } code)
        {
            return !(code == 1 && call.Command is { } command && AsksAQuestion(command) && !ReadsAsError(text));
        }

        return result.IsError || (call.IsShell && OpenAiChatFormat.LooksLikeFailure(text));
    }

    /// <summary>The exit code the format recorded, else one a wrapper wrote as the output's first line (<c>Exit code 2</c>).</summary>
    public static int? ExitCode(TranscriptEvent result) =>
        result.ExitCode ?? (result.Text is { } text && ExitLine().Match(text) is { Success: true } match
            && int.TryParse(match.Groups["code"].Value, System.Globalization.CultureInfo.InvariantCulture, out var code) ? code : null);

    // Behind a pipe (`python run.py 2>&1 | tail`), the output itself must end in a failure: a traceback's exception line
    // last, or a shell's "not found". A listing of source code that merely contains "Traceback" is not one.
    private static bool EndsInFailure(string text)
    {
        var last = text.Split('\n').Select(line => line.Trim()).LastOrDefault(line => line.Length > 0) ?? "";
        return PythonExceptionLast().IsMatch(last) || ShellNotFound().IsMatch(text);
    }

    [GeneratedRegex(@"\A[A-Za-z_][\w.]*(?:Error|Exception)\b(?::|\z)", RegexOptions.CultureInvariant)]
    private static partial Regex PythonExceptionLast();

    [GeneratedRegex(@"command not found|: not found\s*$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex ShellNotFound();

    // Any stage being a question program makes exit 1 a likely "no": `cd src && grep -rn foo .` found nothing.
    private static bool AsksAQuestion(string command) =>
        ShellCommand.Programs(command).Any(program => Questions.Contains(program) || program == "git" && command.Contains("git grep", StringComparison.Ordinal));

    // The wrapper's own exit line aside, does the output say something went wrong (grep exits 2 for that, but a
    // wrapper may flatten codes)?
    private static bool ReadsAsError(string text) => ErrorOutput().IsMatch(ExitLine().Replace(text, "", 1));

    [GeneratedRegex(@"\A\s*Exit code (?<code>-?\d+)\s*(?:\r?\n|\z)", RegexOptions.CultureInvariant)]
    private static partial Regex ExitLine();

    [GeneratedRegex(@"No such file or directory|Permission denied|Is a directory|invalid (?:option|argument|regular expression)|unrecognized option|Unmatched|Traceback \(most recent call last\)|command not found|\berror\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ErrorOutput();
}
