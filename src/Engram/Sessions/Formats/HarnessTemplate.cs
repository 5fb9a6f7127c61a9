namespace Engram.Sessions.Formats;

/// <summary>
/// Recognizes a message an agent harness rendered from one of its templates. Harnesses word their messages
/// differently from version to version and run to run, and trajectories carry the templates their run used, so
/// matching a run's own template recognizes exactly what that harness says. A message matches when the
/// template's literal text before its first placeholder opens it and the literal text after its last placeholder
/// closes it (both trimmed of whitespace, which templates' whitespace control changes). Placeholders are anything
/// in braces: Jinja's <c>{{ … }}</c> and <c>{% … %}</c>, and Python's <c>{name}</c>.
/// </summary>
internal sealed class HarnessTemplate
{
    /// <summary>The least literal text a template must have to be matched on: a tag or a word alone would match ordinary output.</summary>
    private const int MinAnchorChars = 12;

    private readonly string _prefix;
    private readonly string _suffix;

    private HarnessTemplate(string prefix, string suffix)
    {
        _prefix = prefix;
        _suffix = suffix;
    }

    /// <summary>A matcher for <paramref name="template"/>, or null when it has too little literal text to be told from other text.</summary>
    public static HarnessTemplate? Of(string? template)
    {
        if (string.IsNullOrWhiteSpace(template))
        {
            return null;
        }

        var first = template.IndexOf('{', StringComparison.Ordinal);
        if (first < 0)
        {
            var whole = template.Trim();
            return whole.Length >= MinAnchorChars ? new HarnessTemplate(whole, "") : null;
        }

        var prefix = template[..first].Trim();
        var suffix = template[(template.LastIndexOf('}') + 1)..].Trim();
        return prefix.Length >= MinAnchorChars || suffix.Length >= MinAnchorChars ? new HarnessTemplate(prefix, suffix) : null;
    }

    /// <summary>A matcher for a message known to open with <paramref name="opening"/> (a harness's default wording, for runs that do not carry their templates).</summary>
    public static HarnessTemplate Opening(string opening) => new(opening, "");

    /// <summary>True when <paramref name="text"/> reads as this template rendered.</summary>
    public bool Matches(string text)
    {
        var trimmed = text.AsSpan().Trim();
        return trimmed.StartsWith(_prefix, StringComparison.Ordinal) && trimmed.EndsWith(_suffix, StringComparison.Ordinal)
            && trimmed.Length >= _prefix.Length + _suffix.Length;
    }
}
