using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;

namespace Engram.Cli;

/// <summary>
/// What a mistyped command line gets: the parser's errors and the nearest command or option to what was typed.
/// System.CommandLine suggests a name for every token it could not place (<c>engram wrt</c>, <c>store list --limt 3</c>);
/// an unknown option where a command takes an argument (<c>ls --dpth 1</c>) is placed as that argument, so it is
/// caught and matched here.
/// </summary>
internal static class Typos
{
    /// <summary>The most single-character edits between a typed option and the one suggested: one slip per few letters, never a different word.</summary>
    private const int MaxEdits = 2;

    /// <summary>A value given for an argument that looks like an option (<c>--dpth</c>), unless it follows <c>--</c>; null when there is none.</summary>
    public static string? OptionTakenAsArgument(ParseResult parse, IReadOnlyList<string> args)
    {
        var separator = args.ToList().IndexOf("--");
        var beforeSeparator = separator < 0 ? args : args.Take(separator).ToList();
        return parse.CommandResult.Children.OfType<ArgumentResult>()
            .SelectMany(argument => argument.Tokens)
            .Select(token => token.Value)
            .FirstOrDefault(value => value.Length > 2 && value.StartsWith("--", StringComparison.Ordinal) && beforeSeparator.Contains(value));
    }

    /// <summary>Writes the errors of <paramref name="parse"/> to <paramref name="error"/>, each followed by the names nearest to what was mistyped.</summary>
    public static void Report(ParseResult parse, IReadOnlyList<string> args, TextWriter error)
    {
        foreach (var problem in parse.Errors)
        {
            error.WriteLine($"engram: {problem.Message}");
        }

        if (OptionTakenAsArgument(parse, args) is { } typed)
        {
            var near = Nearest(typed, OptionNames(parse.CommandResult));
            error.WriteLine($"engram: {typed} is not an option of `{Path(parse.CommandResult)}`{(near is null ? "" : $"; did you mean {near}?")} (a value that starts with -- goes after a lone --)");
        }
        else if (parse.Action is ParseErrorAction corrections)
        {
            // The parser's own suggestions for the tokens it could not place; its copy of the errors is already written above.
            corrections.ShowHelp = false;
            corrections.ShowTypoCorrections = true;
            parse.Invoke(new InvocationConfiguration { Output = error, Error = TextWriter.Null });
        }

        error.WriteLine($"Run `{Invocation.Command} --help` for usage.");
    }

    /// <summary>The name in <paramref name="names"/> fewest edits from <paramref name="typed"/>, if it is within <see cref="MaxEdits"/>; ties go to the first.</summary>
    public static string? Nearest(string typed, IEnumerable<string> names) =>
        names.Select(name => (Name: name, Edits: Distance(typed, name)))
            .Where(candidate => candidate.Edits <= MaxEdits && candidate.Edits < candidate.Name.Length / 2)
            .OrderBy(candidate => candidate.Edits)
            .Select(candidate => candidate.Name)
            .FirstOrDefault();

    /// <summary>Every name and alias of the options <paramref name="result"/>'s command takes, its ancestors' recursive ones included.</summary>
    private static IEnumerable<string> OptionNames(CommandResult result)
    {
        for (SymbolResult? current = result; current is not null; current = current.Parent)
        {
            if (current is CommandResult { Command: var command })
            {
                foreach (var option in command.Options.Where(option => !option.Hidden && (current == result || option.Recursive)))
                {
                    yield return option.Name;
                    foreach (var alias in option.Aliases)
                    {
                        yield return alias;
                    }
                }
            }
        }
    }

    private static string Path(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? current = result; current is not null; current = current.Parent)
        {
            if (current is CommandResult { Command: var command })
            {
                names.Insert(0, command.Name);
            }
        }

        return string.Join(' ', names);
    }

    /// <summary>Levenshtein distance: insertions, deletions and substitutions.</summary>
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
