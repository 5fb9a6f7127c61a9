using System.Globalization;
using System.Text.RegularExpressions;

namespace Engram.Sessions.Formats;

internal sealed partial class MiniSweAgentFormat
{
    /// <summary>
    /// What the harness reported for one command, read from its observation message: <c>&lt;returncode&gt;N&lt;/returncode&gt;</c>,
    /// an optional <c>&lt;warning&gt;</c> (output too long), and the output in <c>&lt;output&gt;</c> or, when long,
    /// <c>&lt;output_head&gt;</c>, <c>&lt;elided_chars&gt;</c> and <c>&lt;output_tail&gt;</c>; version 2 may open with an
    /// <c>&lt;exception&gt;</c>. The output keeps the command's text verbatim (only the tags and the newlines the template
    /// puts inside them go), so a quote of what the agent saw is a substring of it.
    /// </summary>
    /// <param name="ExitCode">The command's exit code.</param>
    /// <param name="Output">The output, tags removed; a long output's head, the elision note and its tail on their own lines.</param>
    /// <param name="Warning">The harness's warning, if any.</param>
    /// <param name="Exception">The harness's report of an exception running the command (version 2), if any.</param>
    private sealed partial record Observation(int? ExitCode, string Output, string? Warning, string? Exception)
    {
        /// <summary>The observation in <paramref name="text"/>, or null when it does not open with a return code.</summary>
        public static Observation? Parse(string text)
        {
            var opening = Opening().Match(text);
            if (!opening.Success)
            {
                return null;
            }

            var exitCode = int.TryParse(opening.Groups["code"].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var code) ? code : (int?)null;
            var exception = opening.Groups["exception"].Success ? opening.Groups["exception"].Value.Trim() : null;
            var rest = text[opening.Length..];
            string? warning = null;
            var trimmed = rest.TrimStart();
            if (trimmed.StartsWith("<warning>", StringComparison.Ordinal) && trimmed.IndexOf("</warning>", StringComparison.Ordinal) is var end and > 0)
            {
                warning = trimmed["<warning>".Length..end].Trim();
                rest = trimmed[(end + "</warning>".Length)..];
            }

            return new Observation(exitCode, OutputOf(rest), warning, exception);
        }

        /// <summary>The output blocks of what follows the return code (and warning); the text as it is when it has none.</summary>
        private static string OutputOf(string rest)
        {
            var trimmed = rest.TrimStart();
            if (trimmed.StartsWith("<output>", StringComparison.Ordinal) && trimmed.LastIndexOf("</output>", StringComparison.Ordinal) is var close and >= 8)
            {
                return Inner(trimmed, "<output>".Length, close);
            }

            if (!trimmed.StartsWith("<output_head>", StringComparison.Ordinal))
            {
                return Inner(rest, 0, rest.Length);
            }

            // A long output: the head, the elision note and the tail, each found from the end so that output
            // containing the tags' own text cannot move them.
            var tailClose = trimmed.LastIndexOf("</output_tail>", StringComparison.Ordinal);
            var tailOpen = tailClose < 0 ? -1 : trimmed.LastIndexOf("<output_tail>", tailClose, StringComparison.Ordinal);
            var elidedOpen = tailOpen < 0 ? -1 : trimmed.LastIndexOf("<elided_chars>", tailOpen, StringComparison.Ordinal);
            var elidedClose = elidedOpen < 0 ? -1 : trimmed.IndexOf("</elided_chars>", elidedOpen, StringComparison.Ordinal);
            var headClose = elidedOpen < 0 ? -1 : trimmed.LastIndexOf("</output_head>", elidedOpen, StringComparison.Ordinal);
            if (headClose < 0 || elidedClose < 0 || elidedClose > tailOpen)
            {
                return Inner(rest, 0, rest.Length);
            }

            var head = Inner(trimmed, "<output_head>".Length, headClose);
            var elided = trimmed[(elidedOpen + "<elided_chars>".Length)..elidedClose].Trim();
            var tail = Inner(trimmed, tailOpen + "<output_tail>".Length, tailClose);
            return $"{head}\n{elided}\n{tail}";
        }

        /// <summary>The text between a tag's end and its closing tag, without the one newline the template puts on each side.</summary>
        private static string Inner(string text, int start, int end)
        {
            if (start < end && text[start] == '\n')
            {
                start++;
            }

            if (end > start && text[end - 1] == '\n')
            {
                end--;
            }

            return text[start..end];
        }

        [GeneratedRegex(@"\A\s*(?:<exception>(?<exception>.*?)</exception>\s*)?<returncode>\s*(?<code>-?\d+)\s*</returncode>", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
        private static partial Regex Opening();
    }
}
