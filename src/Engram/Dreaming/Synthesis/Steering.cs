using System.Globalization;
using System.Text.RegularExpressions;
using Engram.Search;

namespace Engram.Dreaming.Synthesis;

/// <summary>
/// What a dream's instructions say, in plain words, about which patterns matter: the rule path's reading of them (the
/// model reads them whole). One sentence at a time, each of these, case-insensitive:
/// <list type="bullet">
/// <item>an exclusion: <c>ignore format errors</c>, <c>don't propose anything about timeouts</c>, <c>skip: pytest, docker</c>;</item>
/// <item>a restriction: <c>only tool configuration problems</c>, <c>focus only on environment facts</c> (several add up; a
/// plain "focus on …" ranks rather than restricts, so it is left to the model);</item>
/// <item>a threshold: <c>at least 5 sessions</c>, <c>min sessions: 5</c>, <c>min share: 0.5%</c>.</item>
/// </list>
/// A subject matches a candidate when its words (lower-cased, plurals folded, filler left out) all appear in what the
/// candidate is about (the short labels of <see cref="Findings.PatternTopics"/>), its title, kind or path; or, with the
/// local embedding model, when its meaning is close to one of those labels (cosine at least
/// <see cref="MeaningThreshold"/>). Every decision says which instruction made it and how it matched. Only the dream's
/// instructions are read here, never transcript text.
/// </summary>
internal sealed partial class Steering
{
    /// <summary>
    /// Cosine of a subject's and a label's embeddings (MiniLM) at which they mean the same thing: measured paraphrases
    /// ("formatting mistakes" for "format error", "slow commands" for "timeout", "too much output" for "output too
    /// long") score 0.64 to 0.95, neighbouring topics ("setup issues" for "missing module") 0.51 and below.
    /// </summary>
    public const double MeaningThreshold = 0.6;

    /// <summary>Words that only frame a subject ("anything about", "the") and say nothing of what it is.</summary>
    private static readonly HashSet<string> Filler = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "any", "all", "of", "on", "for", "to", "with", "from", "in", "about", "and", "or", "related", "regarding", "like",
        "anything", "everything", "pattern", "proposal", "thing", "stuff", "finding", "line", "memory", "suggestion", "kind", "type", "please", "more",
        "what", "which", "that", "this", "these", "those", "it", "when", "how", "why", "where",
    };

    private readonly List<Directive> _directives;
    private readonly ITextEmbedder? _embedder;
    private readonly Dictionary<string, float[]> _vectors = new(StringComparer.Ordinal);

    /// <summary>Words too general to steer by rule on their own ("ignore errors", "skip the commands"): every pattern has them.</summary>
    private static readonly HashSet<string> Vague = new(StringComparer.Ordinal)
    {
        "error", "failure", "fail", "problem", "issue", "bug", "mistake", "command", "tool", "agent", "session", "output", "message", "stuff", "noise",
    };

    private Steering(List<Directive> directives, int? minSessions, double? minShare, ITextEmbedder? embedder, IReadOnlyList<InstructionReading> readings)
    {
        _directives = directives;
        Readings = readings;
        MinSessions = minSessions;
        MinShare = minShare;
        _embedder = embedder;
    }

    /// <summary>Sessions a pattern needs, when the instructions say.</summary>
    public int? MinSessions { get; }

    /// <summary>The share of sessions a pattern must affect (0 to 1), when the instructions say.</summary>
    public double? MinShare { get; }

    /// <summary>The exclusions and restrictions read, for the record.</summary>
    public IReadOnlyList<string> Read => [.. _directives.Select(d => $"{(d.Only ? "only" : "ignore")} {d.Subject}")];

    /// <summary>How the rules read each sentence of the instructions, in order: a person sees which steered nothing.</summary>
    public IReadOnlyList<InstructionReading> Readings { get; }

    /// <summary>The steering of <paramref name="instructions"/> (none for null), matching by meaning too when an <paramref name="embedder"/> is given.</summary>
    public static Steering Parse(string? instructions, ITextEmbedder? embedder)
    {
        var directives = new List<Directive>();
        var readings = new List<InstructionReading>();
        int? minSessions = null;
        double? minShare = null;
        foreach (var sentence in Sentences(instructions ?? ""))
        {
            var read = Unjoined(sentence);
            if (MinSessionsRule().Match(read) is { Success: true } sessions && int.TryParse(sessions.Groups["n"].Value, CultureInfo.InvariantCulture, out var n) && n >= 1)
            {
                minSessions = sessions.Groups["more"].Success ? n + 1 : n;
                readings.Add(new InstructionReading(sentence, $"threshold: a pattern needs {minSessions} sessions"));
                continue;
            }

            if (MinShareRule().Match(read) is { Success: true } share && double.TryParse(share.Groups["n"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var percent) && percent is >= 0 and <= 100)
            {
                minShare = percent / 100;
                readings.Add(new InstructionReading(sentence, $"threshold: a pattern must affect {percent.ToString(CultureInfo.InvariantCulture)}% of sessions"));
                continue;
            }

            var (only, subject) = ExcludeRule().Match(read) is { Success: true } exclude ? (false, exclude.Groups["subject"].Value)
                : OnlyRule().Match(read) is { Success: true } restrict ? (true, restrict.Groups["subject"].Value)
                : (false, (string?)null);
            if (subject is null)
            {
                readings.Add(new InstructionReading(sentence, "no rule: left to the model (a dream without one does not follow it)"));
                continue;
            }

            var subjects = Subjects().Split(subject).Select(Words).Where(words => words.Count > 0).ToList();
            var general = subjects.Where(words => words.All(Vague.Contains)).ToList();
            foreach (var words in subjects.Except(general))
            {
                directives.Add(new Directive(only, string.Join(' ', words), words, sentence.Trim()));
            }

            var named = subjects.Except(general).Select(words => $"\"{string.Join(' ', words)}\"").ToList();
            readings.Add(new InstructionReading(sentence,
                named.Count == 0 ? $"too general for the rules (\"{string.Join(' ', general.SelectMany(w => w))}\" fits every pattern): left to the model"
                : $"{(only ? "keep only" : "drop")} {string.Join(" and ", named)}{(general.Count > 0 ? $"; \"{string.Join(' ', general.SelectMany(w => w))}\" is too general and was left out" : "")}"));
        }

        return new Steering(directives, minSessions, minShare, embedder, readings);
    }

    /// <summary>Whether a candidate survives the instructions, and, when one decided, which and how.</summary>
    /// <param name="about">What the candidate is about, as short labels (<see cref="Findings.PatternTopics"/>).</param>
    /// <param name="kind">Its kind.</param>
    /// <param name="title">Its title.</param>
    /// <param name="path">The memory it changes.</param>
    public (bool Keep, string? Why) Decide(IReadOnlyList<string> about, string kind, string title, string path)
    {
        var text = $"{string.Join(' ', about)} {kind.Replace('_', ' ')} {title} {path.Replace('/', ' ').Replace('-', ' ')}";
        var words = Words(text).ToHashSet(StringComparer.Ordinal);
        foreach (var directive in _directives.Where(d => !d.Only))
        {
            if (Matches(directive, words, about) is { } how)
            {
                return (false, $"the instructions say \"{directive.Sentence}\" ({how})");
            }
        }

        var restrictions = _directives.Where(d => d.Only).ToList();
        if (restrictions.Count == 0)
        {
            return (true, null);
        }

        foreach (var directive in restrictions)
        {
            if (Matches(directive, words, about) is { } how)
            {
                return (true, $"the instructions say \"{directive.Sentence}\" ({how})");
            }
        }

        return (false, $"the instructions keep only {string.Join(", ", restrictions.Select(d => $"\"{d.Subject}\""))}, and this is none of them");
    }

    private string? Matches(Directive directive, HashSet<string> words, IReadOnlyList<string> about)
    {
        if (directive.Words.All(words.Contains))
        {
            return $"words: {string.Join(", ", directive.Words)}";
        }

        if (_embedder is null || about.Count == 0)
        {
            return null;
        }

        var (label, cosine) = about.Select(label => (label, TextSimilarity.Cosine(Vector(directive.Subject), Vector(label)))).MaxBy(m => m.Item2);
        return cosine >= MeaningThreshold ? $"meaning: \"{directive.Subject}\" is close to \"{label}\", cosine {cosine.ToString("0.00", CultureInfo.InvariantCulture)}" : null;
    }

    private float[] Vector(string text)
    {
        if (!_vectors.TryGetValue(text, out var vector))
        {
            vector = _embedder!.Embed([text], CancellationToken.None)[0];
            _vectors.Add(text, vector);
        }

        return vector;
    }

    /// <summary>The content words of <paramref name="text"/>: lower-cased, plurals folded (<c>errors</c> is <c>error</c>), filler left out.</summary>
    internal static List<string> Words(string text) =>
        [.. WordRule().Matches(text.ToLowerInvariant()).Select(m => Stem(m.Value)).Where(w => w.Length > 1 && !Filler.Contains(w)).Distinct(StringComparer.Ordinal)];

    private static string Stem(string word) =>
        word.EndsWith("ies", StringComparison.Ordinal) && word.Length > 4 ? word[..^3] + "y"
        : word.EndsWith("sses", StringComparison.Ordinal) || word.EndsWith("xes", StringComparison.Ordinal) || word.EndsWith("ches", StringComparison.Ordinal) || word.EndsWith("shes", StringComparison.Ordinal) ? word[..^2]
        : word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) && !word.EndsWith("us", StringComparison.Ordinal) && word.Length > 3 ? word[..^1]
        : word;

    // Joining words that open a sentence ("Also, nothing about encoding") say nothing of what it asks.
    private static string Unjoined(string sentence) => LeadingJoiners().Replace(sentence, "");

    private static IEnumerable<string> Sentences(string text) =>
        SentenceEnd().Split(text).Select(s => s.Trim().TrimStart('-', '*', '+', ' ')).Where(s => s.Length > 0);

    private sealed record Directive(bool Only, string Subject, List<string> Words, string Sentence);

    [GeneratedRegex(@"(?<=[.!?])\s+|\r?\n", RegexOptions.CultureInvariant)]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"[a-z0-9][a-z0-9_.+\-]*[a-z0-9]|[a-z0-9]", RegexOptions.CultureInvariant)]
    private static partial Regex WordRule();

    [GeneratedRegex(@"\s*(?:,|;|\band\b|\bor\b|\bnor\b)\s*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Subjects();

    [GeneratedRegex(@"\A(?:(?:also|and|but|oh|ok|okay)\b[,\s]*)+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LeadingJoiners();

    [GeneratedRegex(@"(?:at least|min(?:imum)?(?: of)?|(?:fewer|less) than)\s+(?<n>\d+)\s+sessions?|(?<more>more than)\s+(?<n>\d+)\s+sessions?|min(?:imum)?[ _-]?sessions?\s*[:=]\s*(?<n>\d+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MinSessionsRule();

    [GeneratedRegex(@"min(?:imum)?[ _-]?share\s*[:=]?\s*(?<n>\d+(?:\.\d+)?)\s*%|at least (?<n>\d+(?:\.\d+)?)\s*% of (?:the )?sessions", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MinShareRule();

    [GeneratedRegex(@"\A(?:please\s+)?(?:(?:i|we)(?:'m|'re|\s+am|\s+are)?\s+)?(?:ignore|skip|drop|exclude|omit|disregard|leave out|filter out|hide|(?:don't|do not|never)\s+(?:care about|want|need|propose|report|include|suggest|bother with|mention|flag|worry about|tell me about|show(?: me)?|bring up|list)|no more|no|nothing (?:about|on|related to|regarding)|not interested in|stop (?:proposing|reporting|suggesting|telling me about))\b\s*:?\s*(?<subject>.+?)[.!]?\z", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ExcludeRule();

    [GeneratedRegex(@"\A(?:please\s+)?(?:(?:i|we)\s+)?(?:only|just|focus only on|only focus on|limit (?:yourself |it |proposals |the dream )?to|nothing but|exclusively|restrict (?:yourself |it )?to|stick to)\b\s*:?\s*(?:(?:propose|report|suggest|consider|look at|care about|want|need|keep|include)\s+)?(?<subject>.+?)[.!]?\z", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OnlyRule();
}

/// <summary>How the rules read one sentence of a dream's instructions: what it steers, or that it steers nothing by rule.</summary>
/// <param name="Sentence">The sentence as written.</param>
/// <param name="Reading">What the rules took from it (<c>drop "format error"</c>, <c>threshold: a pattern needs 5 sessions</c>, <c>no rule: left to the model…</c>).</param>
public sealed record InstructionReading(string Sentence, string Reading);
