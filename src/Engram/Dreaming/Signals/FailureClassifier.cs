using System.Text.RegularExpressions;

namespace Engram.Dreaming.Signals;

/// <summary>
/// Names the <see cref="FailureClass"/> of a tool failure and, where the error names it, its subject (the missing
/// program or module; else the program that failed). Fixed rules over the line that carries the error, in order, the
/// first match deciding; the vocabularies are those of common shells, package managers and runtimes (Python, Node,
/// Java, Go, Ruby, Rust, C), never of one fleet. A missing module the agent named itself (a quoted name in code it
/// wrote, a file it created) is the agent's own code failing, not the environment.
/// </summary>
internal static partial class FailureClassifier
{
    /// <summary>The class and subject of a failure whose error line is <paramref name="line"/>.</summary>
    public static (string Class, string? Subject) Classify(string line, int? exitCode, ToolCall call, WrittenNames written)
    {
        if (Match(MissingCommandLine(), line) is { } command)
        {
            return (FailureClass.MissingCommand, CommandName(command));
        }

        if (ModulePackageRun().IsMatch(line))
        {
            return (FailureClass.Usage, call.Program ?? call.Tool);
        }

        if (Match(MissingModuleLine(), line) is { } module)
        {
            return written.Contains(module) ? (FailureClass.Code, module) : (FailureClass.MissingModule, module);
        }

        if (exitCode == 127 && Match(NoSuchProgram(), line) is { } path)
        {
            return (FailureClass.MissingCommand, CommandName(path));
        }

        if (exitCode == 1 && call.Program is "which" && call.Command is { } lookup && LookedUp(lookup) is { } looked)
        {
            return (FailureClass.MissingCommand, looked);
        }

        var program = call.Program ?? call.Tool;
        foreach (var (failureClass, rule) in ProgramRules)
        {
            if (rule.IsMatch(line))
            {
                return (failureClass, program);
            }
        }

        if (exitCode == 127)
        {
            return (FailureClass.MissingCommand, program);
        }

        if (exitCode == 124)
        {
            return (FailureClass.Timeout, program);
        }

        if (!call.IsShell)
        {
            return MissingFileLine().IsMatch(line) ? (FailureClass.MissingFile, null) : (FailureClass.ToolRefusal, call.Tool);
        }

        return MissingFileLine().IsMatch(line) ? (FailureClass.MissingFile, null)
            : CodeLine().IsMatch(line) ? (FailureClass.Code, null)
            : (FailureClass.Other, null);
    }

    /// <summary>True when <paramref name="line"/> carries an error a rule names: the line to cut a template from, before any prefix line.</summary>
    public static bool Names(string line) =>
        MissingCommandLine().IsMatch(line) || MissingModuleLine().IsMatch(line) || ProgramRules.Any(rule => rule.Rule.IsMatch(line));

    private static readonly (string Class, Regex Rule)[] ProgramRules =
    [
        (FailureClass.Permission, PermissionLine()),
        (FailureClass.Network, NetworkLine()),
        (FailureClass.Timeout, TimeoutLine()),
        (FailureClass.Resources, ResourcesLine()),
        (FailureClass.Encoding, EncodingLine()),
        (FailureClass.Interactive, InteractiveLine()),
        (FailureClass.Version, VersionLine()),
        (FailureClass.Usage, UsageLine()),
        (FailureClass.ShellSyntax, ShellSyntaxLine()),
    ];

    private static string? Match(Regex rule, string line) =>
        rule.Match(line) is { Success: true } match && match.Groups["s"].Value.Trim('\'', '"', '`') is { Length: > 0 } subject ? subject : null;

    // `/usr/bin/javac` and `./gradlew` are named by their file.
    private static string CommandName(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash >= 0 && slash < path.Length - 1 ? path[(slash + 1)..] : path;
    }

    private static string? LookedUp(string command) =>
        ShellCommand.MainSegment(command).Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).FirstOrDefault(word => !word.StartsWith('-'));

    [GeneratedRegex(@"(?:(?<s>[\w.+\-/]+): (?:command )?not found\s*$|command not found: (?<s>\S+)|'(?<s>[^']+)' is not recognized as an internal or external command|executable file not found in \$PATH.*?""(?<s>[^""]+)""|exec: ""(?<s>[^""]+)"": executable file not found|env: '?(?<s>[\w.+\-/]+)'?: No such file or directory)", RegexOptions.CultureInvariant)]
    private static partial Regex MissingCommandLine();

    [GeneratedRegex(@"(?<s>[\w.+\-/]+): No such file or directory", RegexOptions.CultureInvariant)]
    private static partial Regex NoSuchProgram();

    [GeneratedRegex(@"is a package and cannot be directly executed|No module named \S+\.__main__", RegexOptions.CultureInvariant)]
    private static partial Regex ModulePackageRun();

    [GeneratedRegex(@"No module named '?(?<s>[A-Za-z_][\w.]*)'?|Cannot find module '(?<s>[^'./][^']*)'|cannot find package ""(?<s>[^""]+)""|no required module provides package (?<s>\S+)|package (?<s>[\w.]+) does not exist|cannot load such file -- (?<s>\S+)|can't find crate for `(?<s>\w+)`|fatal error: (?<s>[\w./+\-]+\.h(?:pp)?): No such file|Could not find a version that satisfies the requirement (?<s>[\w.\-\[\]]+)|No matching distribution found for (?<s>[\w.\-]+)", RegexOptions.CultureInvariant)]
    private static partial Regex MissingModuleLine();

    [GeneratedRegex(@"Permission denied|\bEACCES\b|Operation not permitted|must be run as root|are you root\?|\bEPERM\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PermissionLine();

    [GeneratedRegex(@"Could not resolve host|Temporary failure in name resolution|Name or service not known|nodename nor servname|Connection refused|Network is unreachable|No route to host|\bENOTFOUND\b|\bECONNREFUSED\b|\bEAI_AGAIN\b|getaddrinfo|Failed to establish a new connection|Max retries exceeded with url|certificate verify failed|Could not connect to|unable to access '[^']*':|Connection timed out", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NetworkLine();

    [GeneratedRegex(@"\btimed out\b|\btime ?limit\b.*\b(?:exceeded|reached)\b|deadline exceeded|\bTimeoutExpired\b|took too long", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TimeoutLine();

    [GeneratedRegex(@"No space left on device|Cannot allocate memory|\bMemoryError\b|out of memory|\bOOM\b|JavaScript heap out of memory|Disk quota exceeded", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ResourcesLine();

    [GeneratedRegex(@"'ascii' codec can't (?:en|de)code|unsupported locale setting|Cannot set LC_[A-Z]+|locale: Cannot set|setlocale: LC_[A-Z]+: cannot change locale", RegexOptions.CultureInvariant)]
    private static partial Regex EncodingLine();

    [GeneratedRegex(@"a terminal is required|no tty present|not a (?:tty|terminal)|Inappropriate ioctl for device|EOF when reading a line|stdin is not a tty|a password is required|must be run from a terminal|Device not configured|could not read Username", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex InteractiveLine();

    [GeneratedRegex(@"requires (?:Python|python|node|Node\.js|Java|java|Ruby|ruby|Go|go)\s*(?:version\s*)?[<>=~^]|version `GLIBC_[\d.]+' not found|Unsupported class file major version|unsupported (?:Python|python) version|is not supported (?:on|by) (?:this|your) (?:version|platform|Python)|requires a different Python", RegexOptions.CultureInvariant)]
    private static partial Regex VersionLine();

    [GeneratedRegex(@"unrecognized (?:arguments?|options?)|invalid option|unknown (?:option|flag|shorthand flag)|illegal option|no such option|requires an argument|option requires an argument|^usage: ", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UsageLine();

    [GeneratedRegex(@"syntax error near unexpected token|unexpected EOF while looking for matching|unterminated quoted string|bad substitution|syntax error: unexpected end of file|Unterminated quoted string", RegexOptions.CultureInvariant)]
    private static partial Regex ShellSyntaxLine();

    [GeneratedRegex(@"No such file or directory|cannot access|does not exist|not found|can't open file|cannot find the (?:file|path)|ENOENT", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MissingFileLine();

    [GeneratedRegex(@"^(?:\w[\w.]*\.)?\w*(?:Error|Exception|Exit|Interrupt|Failure)\b|Traceback|\bFAILED\b|\bfailed\b|\bassert(?:ion)?\b|\berror\b|\bpanic", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CodeLine();
}
