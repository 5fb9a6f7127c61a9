namespace Engram.Dreaming.Signals;

/// <summary>Reads which program a shell command line runs, by words only (no shell is run or emulated).</summary>
internal static class ShellCommand
{
    /// <summary>Shells whose <c>-c</c> argument is the real command (<c>["bash", "-lc", "pytest"]</c>).</summary>
    private static readonly HashSet<string> Shells = new(StringComparer.Ordinal) { "bash", "sh", "zsh", "dash", "fish", "pwsh", "powershell", "cmd" };

    /// <summary>Words that run the next word: the program is after them.</summary>
    private static readonly HashSet<string> Wrappers = new(StringComparer.Ordinal) { "sudo", "env", "time", "nohup", "command", "exec", "nice" };

    /// <summary>Segments that only set up (<c>cd repo &amp;&amp; pytest</c>): the program is in the next segment.</summary>
    private static readonly HashSet<string> Setup = new(StringComparer.Ordinal) { "cd", "pushd", "popd", "export", "source", ".", "set", "unset" };

    private static readonly string[] Separators = ["&&", "||", ";", "\n"];

    public static string FromArguments(string[] arguments) =>
        arguments.Length >= 3 && Shells.Contains(BaseName(arguments[0])) && arguments[1] is "-c" or "-lc" or "-ic" or "/c" or "-Command"
            ? arguments[2]
            : string.Join(' ', arguments);

    /// <summary>The program of the first segment that is not set-up, else of the first segment; null for an empty command.</summary>
    public static string? Program(string command) => Words(MainSegment(command)).FirstOrDefault() is { } word ? BaseName(word) : null;

    /// <summary>The first segment that is not set-up (before any pipe), wrappers and <c>VAR=value</c> words left out.</summary>
    public static string MainSegment(string command)
    {
        var segments = command.Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(segment => string.Join(' ', Words(segment.Split('|')[0])))
            .Where(segment => segment.Length > 0)
            .ToList();
        return segments.FirstOrDefault(segment => !Setup.Contains(BaseName(segment.Split(' ')[0]))) ?? segments.FirstOrDefault() ?? "";
    }

    /// <summary>The words of every segment that does work (setup such as <c>cd dir</c> or <c>export X=1</c> left out).</summary>
    public static IReadOnlySet<string> WorkWords(string command) =>
        command.Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(segment => Words(segment).ToList())
            .Where(words => words.Count > 0 && !Setup.Contains(BaseName(words[0])))
            .SelectMany(words => words)
            .ToHashSet(StringComparer.Ordinal);

    private static IEnumerable<string> Words(string segment) =>
        segment.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .SkipWhile(word => Wrappers.Contains(word) || (word.Contains('=', StringComparison.Ordinal) && !word.StartsWith('-')));

    private static string BaseName(string word)
    {
        var trimmed = word.Trim('"', '\'');
        var slash = trimmed.LastIndexOfAny(['/', '\\']);
        return slash >= 0 && slash < trimmed.Length - 1 ? trimmed[(slash + 1)..] : trimmed;
    }
}
