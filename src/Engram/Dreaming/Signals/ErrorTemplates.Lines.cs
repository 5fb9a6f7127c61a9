using System.Text.RegularExpressions;

namespace Engram.Dreaming.Signals;

internal static partial class ErrorTemplates
{
    /// <summary>Characters of a long output read for the failure line: its start and its end, half each, where errors announce themselves.</summary>
    private const int MaxScanChars = 32 * 1024;

    /// <summary>Characters of the chosen line that are masked: bounds the regex work on one pathological line.</summary>
    private const int MaxLineChars = 2_000;

    /// <summary>A chosen line shorter than this (<c>Error:</c>) is a heading; the next line is joined to it.</summary>
    private const int MinHeadingChars = 12;

    /// <summary>
    /// The line of <paramref name="text"/> that names the failure, trimmed and bounded; empty when there is none: a
    /// Python traceback's exception line, else the first line a failure rule names, else the first line with an error
    /// word, else the first line with content.
    /// </summary>
    internal static string MeaningfulLine(string text)
    {
        var scanned = text.Length <= MaxScanChars
            ? text
            : string.Concat(text.AsSpan(0, MaxScanChars / 2), "\n", text.AsSpan(text.Length - (MaxScanChars / 2)));
        var lines = scanned.Split('\n');
        var chosen = PythonExceptionLine(lines) ?? FirstNamedLine(lines) ?? FirstErrorLine(lines) ?? FirstContentLine(lines, 0);
        if (chosen is not { } index)
        {
            return "";
        }

        var line = lines[index].Trim();
        if (line.Length < MinHeadingChars && FirstContentLine(lines, index + 1) is { } next)
        {
            line = $"{line} {lines[next].Trim()}";
        }

        return line.Length <= MaxLineChars ? line : line[..MaxLineChars];
    }

    // The exception line ends a traceback at column 0 (`ValueError: ...`, `KeyboardInterrupt`).
    private static int? PythonExceptionLine(string[] lines)
    {
        var start = Array.FindIndex(lines, line => line.StartsWith("Traceback (most recent call last)", StringComparison.Ordinal));
        if (start < 0)
        {
            return null;
        }

        for (var i = lines.Length - 1; i > start; i--)
        {
            if (PythonException().IsMatch(lines[i]))
            {
                return i;
            }
        }

        return FirstContentLine(lines, start + 1) is null ? null : LastContentLine(lines);
    }

    // A line a failure rule names (`/usr/bin/python3: No module named pytest`) carries the error, whatever came before it.
    private static int? FirstNamedLine(string[] lines)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length <= MaxLineChars && FailureClassifier.Names(lines[i]))
            {
                return i;
            }
        }

        return null;
    }

    // A comment line of listed code ("# make sure it raises an error") names no failure.
    private static int? FirstErrorLine(string[] lines)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            if (!IsPrelude(lines[i]) && !IsComment(lines[i]) && ErrorWords().IsMatch(lines[i]))
            {
                return i;
            }
        }

        return null;
    }

    private static int? FirstContentLine(string[] lines, int from)
    {
        for (var i = from; i < lines.Length; i++)
        {
            if (!IsPrelude(lines[i]))
            {
                return i;
            }
        }

        return null;
    }

    private static int? LastContentLine(string[] lines)
    {
        for (var i = lines.Length - 1; i >= 0; i--)
        {
            if (!IsPrelude(lines[i]))
            {
                return i;
            }
        }

        return null;
    }

    private static bool IsComment(string line)
    {
        var trimmed = line.TrimStart();
        return trimmed.StartsWith('#') || trimmed.StartsWith("//", StringComparison.Ordinal);
    }

    // Blank lines, rules of `=` or `-`, and a bare `Exit code N` (the reason follows it) name nothing.
    private static bool IsPrelude(string line) => Prelude().IsMatch(line);

    [GeneratedRegex(@"\A\s*(?:[-=_*#~]*|Exit code -?\d+)\s*\z", RegexOptions.CultureInvariant)]
    private static partial Regex Prelude();

    [GeneratedRegex(@"\A[A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt|Warning|Failure)\b(?::.*)?\r?\z", RegexOptions.CultureInvariant)]
    private static partial Regex PythonException();

    [GeneratedRegex(@"\b(?:error|errors|fatal|failed|failure|exception|panic(?:ked)?|not found|no such file|permission denied|cannot|could not|unable to|refused|timed out|invalid|traceback)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ErrorWords();
}
