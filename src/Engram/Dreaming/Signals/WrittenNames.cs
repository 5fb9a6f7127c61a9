using System.Text.RegularExpressions;

namespace Engram.Dreaming.Signals;

/// <summary>
/// Names the agent made up in a session: quoted identifiers in code it wrote (a heredoc, <c>python -c</c>, an
/// editor's new text) and the files and folders it created. A module "missing" under such a name is the agent's own
/// code failing (an app label it never created), not a fact about the environment. Bounded: a session keeps at most
/// <see cref="MaxNames"/> names.
/// </summary>
internal sealed partial class WrittenNames
{
    /// <summary>Names kept per session: enough for a long session's scripts, a bound on a pathological one.</summary>
    internal const int MaxNames = 4_096;

    /// <summary>Characters of one call's input scanned: scripts an agent writes are small; a pasted dump need not be read whole.</summary>
    private const int MaxScanChars = 64 * 1024;

    /// <summary>Input fields of editing tools that carry new file text.</summary>
    private static readonly string[] TextFields = ["file_text", "content", "new_str", "new_string", "insert_text", "text", "code"];

    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    /// <summary>Collects the names a call writes.</summary>
    public void Add(ToolCall call)
    {
        foreach (var field in TextFields)
        {
            if (call.Strings.TryGetValue(field, out var text))
            {
                AddLiterals(text);
            }
        }

        if (call.Command is not { } command)
        {
            return;
        }

        var scanned = command.Length <= MaxScanChars ? command : command[..MaxScanChars];
        foreach (Match body in Heredoc().Matches(scanned))
        {
            AddLiterals(body.Groups["body"].Value);
        }

        foreach (Match code in InlineCode().Matches(scanned))
        {
            AddLiterals(code.Groups["code"].Value);
        }

        foreach (Match created in Created().Matches(scanned))
        {
            // Every folder on the way counts: `mkdir -p app/migrations` makes `app`.
            foreach (var name in created.Groups["path"].Value.Trim('\'', '"').Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                var dot = name.IndexOf('.', StringComparison.Ordinal);
                Add(dot > 0 ? name[..dot] : name);
            }
        }
    }

    /// <summary>True when the agent made up <paramref name="module"/>: the dotted name itself, or its top level written alone.</summary>
    public bool Contains(string module)
    {
        var dot = module.IndexOf('.', StringComparison.Ordinal);
        return _names.Contains(module) || (dot > 0 && _names.Contains(module[..dot]));
    }

    private void AddLiterals(string text)
    {
        foreach (Match literal in QuotedIdentifier().Matches(text.Length <= MaxScanChars ? text : text[..MaxScanChars]))
        {
            Add(literal.Groups["name"].Value);
        }
    }

    private void Add(string name)
    {
        if (name.Length > 0 && _names.Count < MaxNames)
        {
            _names.Add(name);
        }
    }

    [GeneratedRegex(@"<<-?\s*(?<q>['""]?)(?<tag>\w+)\k<q>[^\n]*\n(?<body>.*?)\n\s*\k<tag>\b", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex Heredoc();

    [GeneratedRegex(@"\b(?:python[\d.]*|node|ruby|perl)\s+-[ce]\s+(?<q>['""])(?<code>.*?)\k<q>", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex InlineCode();

    [GeneratedRegex(@"['""](?<name>[A-Za-z_]\w{0,63}(?:\.[A-Za-z_]\w{0,63}){0,4})['""]", RegexOptions.CultureInvariant)]
    private static partial Regex QuotedIdentifier();

    [GeneratedRegex(@"(?:\b(?:mkdir|touch)\s+(?:-\w+\s+)*|(?<![<>&\d])>\s*|^create\s+)(?<path>[^\s;&|<>]+)", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex Created();
}
