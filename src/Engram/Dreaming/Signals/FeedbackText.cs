using System.Text.RegularExpressions;

namespace Engram.Dreaming.Signals;

/// <summary>
/// Reads a harness's feedback: its first sentence (what happened) and its instructions (imperative sentences such as
/// <c>Please always provide exactly one action</c>, with <c>Please</c> dropped). A clause that varies between
/// messages (<c>found 2 actions</c>), a sentence that points at something only the harness shows (<c>&lt;example&gt;</c>)
/// and a conditional (<c>If you …</c>) are left out, so what remains holds for every message of its template.
/// </summary>
internal static partial class FeedbackText
{
    /// <summary>Instructions kept: a harness's message opens with what matters.</summary>
    private const int MaxInstructions = 2;

    /// <summary>The constant part of a sentence: its leading clauses up to the first that holds a number (a count, a size, a line).</summary>
    public static string Constant(string sentence)
    {
        var kept = new List<string>();
        foreach (var clause in sentence.Split(", "))
        {
            if (clause.Any(char.IsAsciiDigit))
            {
                break;
            }

            kept.Add(clause);
        }

        return string.Join(", ", kept).Trim().TrimEnd('.', ',', ';', ':');
    }

    /// <summary>The instructions of <paramref name="text"/>, as one or two sentences; empty when it gives none.</summary>
    public static string Instructions(string text)
    {
        var sentences = Sentences(text)
            .Where(sentence => !sentence.Contains('<', StringComparison.Ordinal))
            .Select(sentence => Imperative().Match(sentence) is { Success: true } match ? sentence[match.Groups["rest"].Index..] : null)
            .OfType<string>()
            .Select(Constant)
            .Where(sentence => sentence.Split(' ').Length >= 3)
            .Take(MaxInstructions)
            .Select(sentence => char.ToUpperInvariant(sentence[0]) + sentence[1..] + ".");
        return string.Join(' ', sentences);
    }

    /// <summary>What a harness's feedback is about: <c>format</c> (the reply's form was refused), <c>output_length</c>, <c>timeout</c>, or <c>other</c>.</summary>
    public static string Topic(string text) =>
        FormatWords().IsMatch(text) ? "format"
        : LengthWords().IsMatch(text) ? "output_length"
        : TimeWords().IsMatch(text) ? "timeout"
        : "other";

    [GeneratedRegex(@"format|backticks|tool calls?|function calls?|parse|exactly one|discussion and one command", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FormatWords();

    [GeneratedRegex(@"too long|truncat|elided|less output|too much output", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LengthWords();

    [GeneratedRegex(@"timed out|time ?out|time limit", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TimeWords();

    /// <summary>The sentences of <paramref name="text"/>, one line at most each, trimmed.</summary>
    public static IEnumerable<string> Sentences(string text) =>
        SentenceEnd().Split(text).Select(sentence => sentence.Trim()).Where(sentence => sentence.Length > 0);

    [GeneratedRegex(@"(?<=[.!?])\s+|\r?\n", RegexOptions.CultureInvariant)]
    private static partial Regex SentenceEnd();

    // An instruction opens with please, you must/should, or one of the verbs harnesses instruct with.
    [GeneratedRegex(@"\A(?:please\s+|you\s+(?:must|should|need\s+to)\s+)?(?<rest>(?:always|never|do\s+not|don't|make\s+sure|try|use|avoid|include|provide|format|keep|only|run|respond|reply|call|read|edit|limit|remember)\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Imperative();
}
