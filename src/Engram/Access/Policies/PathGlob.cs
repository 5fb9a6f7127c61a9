using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace Engram.Access.Policies;

/// <summary>
/// A path pattern: <c>*</c> matches within one segment, <c>**</c> matches any number of whole segments
/// (none included), and <c>{agent}</c>, <c>{session}</c>, <c>{principal}</c> stand for the caller's own
/// agent name, session id and principal id. A template the caller has no value for never matches.
/// </summary>
public sealed class PathGlob
{
    private static readonly string[] Templates = ["{agent}", "{session}", "{principal}"];

    /// <summary>
    /// Compiled patterns, shared: every store's default rules use the same few patterns, and a template
    /// expands to one pattern per agent or session. Bounded, because session ids keep coming.
    /// </summary>
    private static readonly ConcurrentDictionary<string, Regex> Compiled = new(StringComparer.Ordinal);

    private const int MaxCompiled = 10_000;

    private readonly Regex? _fixed;

    private PathGlob(string pattern)
    {
        Pattern = pattern;
        HasTemplates = Templates.Any(t => pattern.Contains(t, StringComparison.Ordinal));
        if (!HasTemplates)
        {
            _fixed = Compile(pattern);
        }
    }

    /// <summary>The pattern as written.</summary>
    public string Pattern { get; }

    /// <summary>True when the pattern uses <c>{agent}</c>, <c>{session}</c> or <c>{principal}</c>.</summary>
    public bool HasTemplates { get; }

    /// <summary>Parses a pattern, or returns null with the rule it breaks.</summary>
    public static PathGlob? Parse(string? pattern, out string? error)
    {
        error = pattern switch
        {
            null or "" => "is required (for example /** or /agents/{agent}/**)",
            _ when pattern[0] != '/' => "must start with '/'",
            _ when pattern.Contains("***", StringComparison.Ordinal) => "'***' means nothing; use '**' for any number of segments",
            _ when pattern.Split('/').Skip(1).Any(s => s.Contains("**", StringComparison.Ordinal) && s != "**") => "'**' must be a whole segment",
            _ when pattern.Split('/').Skip(1).Any(s => s.Length == 0) && pattern != "/" => "must not contain an empty segment",
            _ => null,
        };
        return error is null ? new PathGlob(pattern!) : null;
    }

    /// <summary>True when <paramref name="path"/> matches for a caller with these template values.</summary>
    public bool Matches(string path, TemplateValues values)
    {
        if (_fixed is not null)
        {
            return _fixed.IsMatch(path);
        }

        var expanded = Pattern;
        foreach (var (template, value) in values.Pairs())
        {
            if (expanded.Contains(template, StringComparison.Ordinal))
            {
                if (value is null)
                {
                    return false;
                }

                expanded = expanded.Replace(template, EscapeLiteral(value), StringComparison.Ordinal);
            }
        }

        return Compile(expanded).IsMatch(path);
    }

    /// <inheritdoc />
    public override string ToString() => Pattern;

    // Template values are literal text: a '*' in an agent's name must not act as a wildcard.
    private static string EscapeLiteral(string value) => value.Replace("*", "\u0001", StringComparison.Ordinal);

    private static Regex Compile(string pattern)
    {
        if (Compiled.TryGetValue(pattern, out var known))
        {
            return known;
        }

        if (Compiled.Count >= MaxCompiled)
        {
            Compiled.Clear();
        }

        return Compiled.GetOrAdd(pattern, Build);
    }

    private static Regex Build(string pattern)
    {
        if (pattern == "/")
        {
            return new Regex("^/$", RegexOptions.CultureInvariant);
        }

        var regex = new StringBuilder("^");
        var segments = pattern[1..].Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (segment == "**")
            {
                // Any number of whole segments, none included: "/a/**" matches "/a" and "/a/b/c".
                regex.Append("(?:/[^/]+)*");
                continue;
            }

            regex.Append('/');
            foreach (var part in segment.Split('*'))
            {
                regex.Append(Regex.Escape(part.Replace("\u0001", "*", StringComparison.Ordinal)));
                regex.Append("[^/]*");
            }

            regex.Length -= "[^/]*".Length;
        }

        // An optional trailing '/' lets "/**" cover the store root "/", where store-wide capabilities are asked.
        regex.Append("/?$");
        return new Regex(regex.ToString(), RegexOptions.CultureInvariant | RegexOptions.Compiled);
    }
}

/// <summary>The caller's values for the path templates.</summary>
public readonly record struct TemplateValues(string? Agent, string? Session, string? Principal)
{
    /// <summary>The values of <paramref name="caller"/>.</summary>
    public static TemplateValues Of(Caller caller) => new(caller.Session?.Agent, caller.Session?.SessionId, caller.PrincipalId);

    internal IEnumerable<(string Template, string? Value)> Pairs()
    {
        yield return ("{agent}", Agent);
        yield return ("{session}", Session);
        yield return ("{principal}", Principal);
    }
}
