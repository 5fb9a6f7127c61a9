using System.Text.RegularExpressions;

namespace Engram.Dreaming.Synthesis;

/// <summary>
/// The deterministic subset of a dream's instructions the rule path follows (the model reads them whole in its
/// prompt). One directive per line, case-insensitive, an optional list bullet before it:
/// <list type="bullet">
/// <item><c>ignore: word, word</c> or <c>exclude: …</c> drops every draft whose kind, signature, title or path contains a term;</item>
/// <item><c>only: word, word</c> keeps only drafts whose kind, signature, title or path contains a term (several <c>only:</c> lines add up).</item>
/// </list>
/// Terms are matched as case-insensitive substrings; every other line is left to the model. Only the dream's
/// instructions are parsed here, never transcript text.
/// </summary>
internal sealed partial record SynthesisInstructions(IReadOnlyList<string> Excluded, IReadOnlyList<string> Only)
{
    /// <summary>Instructions that keep everything.</summary>
    public static readonly SynthesisInstructions None = new([], []);

    /// <summary>The directives of <paramref name="instructions"/>; <see cref="None"/> for null or none.</summary>
    public static SynthesisInstructions Parse(string? instructions)
    {
        if (string.IsNullOrWhiteSpace(instructions))
        {
            return None;
        }

        var excluded = new List<string>();
        var only = new List<string>();
        foreach (var line in instructions.Split('\n'))
        {
            var match = Directive().Match(line);
            if (!match.Success)
            {
                continue;
            }

            var terms = match.Groups["terms"].Value.Split(',')
                .Select(term => term.Trim().Trim('"', '\'', '`').Trim())
                .Where(term => term.Length > 0);
            (match.Groups["key"].Value.Equals("only", StringComparison.OrdinalIgnoreCase) ? only : excluded).AddRange(terms);
        }

        return new SynthesisInstructions(excluded, only);
    }

    /// <summary>Whether a draft of this kind, signature, title and path survives the directives.</summary>
    public bool Keeps(string kind, string signature, string title, string path)
    {
        bool Mentions(string term) =>
            kind.Contains(term, StringComparison.OrdinalIgnoreCase)
            || signature.Contains(term, StringComparison.OrdinalIgnoreCase)
            || title.Contains(term, StringComparison.OrdinalIgnoreCase)
            || path.Contains(term, StringComparison.OrdinalIgnoreCase);

        return !Excluded.Any(Mentions) && (Only.Count == 0 || Only.Any(Mentions));
    }

    [GeneratedRegex(@"\A\s*(?:[-*+]\s+)?(?<key>ignore|exclude|only)\s*:(?<terms>.*?)\r?\z", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Directive();
}
