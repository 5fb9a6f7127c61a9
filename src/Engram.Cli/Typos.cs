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

    /// <summary>
    /// A value given for an argument that looks like an option (<c>--dpth</c>, <c>-L</c>), unless it follows <c>--</c>;
    /// null when there is none. A dash before a digit is a negative number, not an option.
    /// </summary>
    public static string? OptionTakenAsArgument(ParseResult parse, IReadOnlyList<string> args)
    {
        var separator = args.ToList().IndexOf("--");
        var beforeSeparator = separator < 0 ? args : args.Take(separator).ToList();
        return parse.CommandResult.Children.OfType<ArgumentResult>()
            .SelectMany(argument => argument.Tokens)
            .Select(token => token.Value)
            .FirstOrDefault(value => LooksLikeOption(value) && beforeSeparator.Contains(value));
    }

    private static bool LooksLikeOption(string value) =>
        value.Length >= 2 && value[0] == '-' && (char.IsLetter(value[1]) || (value[1] == '-' && value.Length > 2));

    /// <summary>
    /// Writes what went wrong in <paramref name="parse"/> to <paramref name="error"/>, the useful line first: the word the
    /// parser could not place and the names nearest to it. Errors that only follow from that word (a command then
    /// missing, the value of a mistyped option left over) are left out.
    /// </summary>
    public static void Report(ParseResult parse, IReadOnlyList<string> args, TextWriter error)
    {
        var mistaken = OptionTakenAsArgument(parse, args);
        var leftOver = mistaken is null ? null : ValueAfter(args, mistaken);
        var unmatched = parse.UnmatchedTokens.Where(token => token != leftOver).ToList();
        var problems = parse.Errors.Select(problem => problem.Message)
            .Where(message => leftOver is null || !Mentions(message, leftOver))
            .ToList();
        if (unmatched.Count > 0 || mistaken is not null)
        {
            // "Required command was not provided" and the like follow from the word that was not understood: say that word alone.
            problems = problems.Where(message => unmatched.Any(token => Mentions(message, token))).ToList();
        }

        if (mistaken is not null)
        {
            var near = Nearest(mistaken, OptionNames(parse.CommandResult));
            error.WriteLine($"engram: {mistaken} is not an option of `{Path(parse.CommandResult)}`{(near is null ? "" : $"; did you mean {near}?")}");
        }

        foreach (var problem in problems)
        {
            error.WriteLine($"engram: {problem}");
        }

        if (mistaken is not null)
        {
            error.WriteLine($"(to pass a value that starts with -, put it after a lone --: `{Path(parse.CommandResult)} -- {mistaken}`)");
        }
        else if (unmatched.Count > 0 && parse.Action is ParseErrorAction corrections)
        {
            // The parser's own suggestions for the tokens it could not place; its copy of the errors is already written above.
            corrections.ShowHelp = false;
            corrections.ShowTypoCorrections = true;
            parse.Invoke(new InvocationConfiguration { Output = error, Error = TextWriter.Null });
        }

        error.WriteLine($"Run `{Invocation.Command} --help` for usage.");
    }

    /// <summary>The word after <paramref name="option"/> on the command line, when it is no option itself: the value meant for it.</summary>
    private static string? ValueAfter(IReadOnlyList<string> args, string option)
    {
        var at = args.ToList().IndexOf(option);
        return at >= 0 && at + 1 < args.Count && !args[at + 1].StartsWith('-') ? args[at + 1] : null;
    }

    private static bool Mentions(string message, string token) => message.Contains($"'{token}'", StringComparison.Ordinal);

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
