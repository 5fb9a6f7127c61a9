using System.Text.RegularExpressions;

namespace Engram.Dreaming.Signals;

/// <summary>Reads which program a shell command line runs, by words only (no shell is run or emulated).</summary>
internal static partial class ShellCommand
{
    /// <summary>Shells whose <c>-c</c> argument is the real command (<c>["bash", "-lc", "pytest"]</c>).</summary>
    private static readonly HashSet<string> Shells = new(StringComparer.Ordinal) { "bash", "sh", "zsh", "dash", "fish", "pwsh", "powershell", "cmd" };

    /// <summary>Words that run the next word: the program is after them.</summary>
    private static readonly HashSet<string> Wrappers = new(StringComparer.Ordinal) { "sudo", "env", "time", "nohup", "command", "exec", "nice", "timeout" };

    /// <summary>Segments that only set up (<c>cd repo &amp;&amp; pytest</c>): the program is in the next segment.</summary>
    private static readonly HashSet<string> Setup = new(StringComparer.Ordinal) { "cd", "pushd", "popd", "export", "source", ".", "set", "unset" };

    /// <summary>Runners whose next word names the tool they run (<c>npx jest</c>, <c>uv run pytest</c>): that tool is the program.</summary>
    private static readonly Dictionary<string, string?> Runners = new(StringComparer.Ordinal)
    {
        ["npx"] = null, ["uvx"] = null, ["bunx"] = null,
        ["uv"] = "run", ["poetry"] = "run", ["pipenv"] = "run", ["pipx"] = "run", ["bundle"] = "exec", ["pnpm"] = "exec",
    };

    /// <summary>
    /// Programs that look at, write or move files rather than run the work: a success of one is the agent looking
    /// around or preparing (writing the script a command missed), never another way to do what a different program failed at.
    /// </summary>
    private static readonly HashSet<string> FileUtilities = new(StringComparer.Ordinal)
    {
        "cat", "head", "tail", "less", "more", "nl", "sed", "awk", "ls", "find", "grep", "egrep", "rg", "ag", "wc", "diff", "file", "stat",
        "echo", "printf", "tee", "touch", "mkdir", "cp", "mv", "rm", "ln", "chmod", "chown", "tree", "du", "df", "pwd", "which", "type",
        "vi", "vim", "nano", "ed", "patch", "true", "sort", "uniq", "cut", "tr", "xargs", "readlink", "realpath", "basename", "dirname",
    };

    private static readonly string[] Separators = ["&&", "||", ";", "\n"];

    /// <summary>True when <paramref name="program"/> only looks at, writes or moves files (<see cref="FileUtilities"/>).</summary>
    public static bool IsFileUtility(string? program) => program is not null && FileUtilities.Contains(program);

    public static string FromArguments(string[] arguments) =>
        arguments.Length >= 3 && Shells.Contains(BaseName(arguments[0])) && arguments[1] is "-c" or "-lc" or "-ic" or "/c" or "-Command"
            ? arguments[2]
            : string.Join(' ', arguments);

    /// <summary>
    /// The program of the first segment that is not set-up, else of the first segment; null for an empty command.
    /// An interpreter running a module (<c>python -m pytest</c>) or a runner running a tool (<c>npx jest</c>) runs that
    /// module or tool. A program named by an absolute path is its file name (<c>/usr/bin/python3</c> is <c>python3</c>);
    /// one named by a relative path keeps it (<c>bin/test</c>, a project's own script, is not the <c>test</c> builtin).
    /// </summary>
    public static string? Program(string command)
    {
        var words = Words(MainSegment(command)).ToList();
        if (words.Count == 0)
        {
            return null;
        }

        var program = ProgramName(words[0]);
        if (IsPython(program))
        {
            var module = words.IndexOf("-m");
            return module > 0 && module + 1 < words.Count ? words[module + 1].Trim('"', '\'') : program;
        }

        if (Runners.TryGetValue(program, out var verb))
        {
            var next = verb is null ? 1 : words.Count > 1 && words[1] == verb ? 2 : -1;
            var tool = next > 0 ? words.Skip(next).FirstOrDefault(word => !word.StartsWith('-')) : null;
            return tool is null ? program : ProgramName(tool);
        }

        return program;
    }

    /// <summary>The programs of every segment that does work, in order (set-up segments left out).</summary>
    public static IEnumerable<string> Programs(string command) =>
        command.Split([.. Separators, "|"], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(segment => Words(segment).FirstOrDefault())
            .OfType<string>()
            .Select(ProgramName)
            .Where(program => !Setup.Contains(program));

    /// <summary>The command has a pipe, so its exit code is the last stage's and may hide an earlier stage's failure.</summary>
    public static bool HasPipe(string command) => command.Replace("||", "", StringComparison.Ordinal).Contains('|', StringComparison.Ordinal);

    /// <summary>
    /// The first segment that does the work (before any pipe), wrappers and <c>VAR=value</c> words left out: not set-up,
    /// and not a file being written for a later segment (<c>cat &lt;&lt;EOF &gt; run.py … EOF</c>, <c>echo x &gt; f</c>)
    /// when one follows; a heredoc's body is no command. Else the first segment.
    /// </summary>
    public static string MainSegment(string command)
    {
        var segments = WithoutHeredocBodies(command).Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(segment => (Raw: segment, Words: string.Join(' ', Words(segment.Split('|')[0]))))
            .Where(segment => segment.Words.Length > 0)
            .ToList();
        var working = segments.Where(segment => !Setup.Contains(BaseName(segment.Words.Split(' ')[0]))).ToList();
        return (working.FirstOrDefault(segment => !WritesAFile(segment.Raw)).Words ?? working.FirstOrDefault().Words ?? segments.FirstOrDefault().Words) ?? "";
    }

    // `cat <<EOF > f`, `cat > f`, `echo ... > f`, `printf ... >> f`, `tee f`: writing a file, not running the work.
    private static bool WritesAFile(string segment)
    {
        var program = BaseName(Words(segment).FirstOrDefault() ?? "");
        return program is "cat" or "echo" or "printf" or "tee" && (segment.Contains('>', StringComparison.Ordinal) || program == "tee" || segment.Contains("<<", StringComparison.Ordinal));
    }

    /// <summary>The command without the bodies of its heredocs (the lines up to each terminator): what they hold is a file's text.</summary>
    private static string WithoutHeredocBodies(string command)
    {
        if (!command.Contains("<<", StringComparison.Ordinal))
        {
            return command;
        }

        var lines = command.Split('\n');
        var kept = new List<string>(lines.Length);
        string? terminator = null;
        foreach (var line in lines)
        {
            if (terminator is not null)
            {
                if (line.Trim() == terminator)
                {
                    terminator = null;
                }

                continue;
            }

            kept.Add(line);
            if (HeredocStart().Match(line) is { Success: true } start)
            {
                terminator = start.Groups["tag"].Value;
            }
        }

        return string.Join('\n', kept);
    }

    [GeneratedRegex(@"<<-?\s*(?<q>['""]?)(?<tag>\w+)\k<q>", RegexOptions.CultureInvariant)]
    private static partial Regex HeredocStart();

    /// <summary>The words of every segment that does work (setup such as <c>cd dir</c> or <c>export X=1</c> left out).</summary>
    public static IReadOnlySet<string> WorkWords(string command) =>
        command.Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(segment => Words(segment).ToList())
            .Where(words => words.Count > 0 && !Setup.Contains(BaseName(words[0])))
            .SelectMany(words => words)
            .ToHashSet(StringComparer.Ordinal);

    // Wrappers, their options and a timeout's duration (`timeout -s KILL 60 pytest`), and VAR=value words go.
    private static IEnumerable<string> Words(string segment)
    {
        var words = segment.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var at = 0;
        var wrapped = false;
        while (at < words.Length)
        {
            var word = words[at];
            if (Wrappers.Contains(word))
            {
                wrapped = true;
            }
            else if (!(word.Contains('=', StringComparison.Ordinal) && !word.StartsWith('-'))
                && !(wrapped && (word.StartsWith('-') || char.IsAsciiDigit(word[0]))))
            {
                break;
            }

            at++;
        }

        return words.Skip(at);
    }

    private static bool IsPython(string program) =>
        program.StartsWith("python", StringComparison.Ordinal) && program[6..].All(c => char.IsAsciiDigit(c) || c == '.');

    private static string ProgramName(string word)
    {
        var trimmed = word.Trim('"', '\'');
        return trimmed.StartsWith('/') || trimmed.StartsWith('~') || trimmed.Contains('\\', StringComparison.Ordinal) ? BaseName(trimmed)
            : trimmed.StartsWith("./", StringComparison.Ordinal) && trimmed.Length > 2 ? trimmed[2..]
            : trimmed;
    }

    private static string BaseName(string word)
    {
        var trimmed = word.Trim('"', '\'');
        var slash = trimmed.LastIndexOfAny(['/', '\\']);
        return slash >= 0 && slash < trimmed.Length - 1 ? trimmed[(slash + 1)..] : trimmed;
    }
}
