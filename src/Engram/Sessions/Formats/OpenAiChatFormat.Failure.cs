using System.Text.RegularExpressions;

namespace Engram.Sessions.Formats;

internal sealed partial class OpenAiChatFormat
{
    /// <summary>How much of a result's start and of its end the failure rule reads: failures announce themselves in the first or last lines, and megabyte outputs must not cost a full scan.</summary>
    private const int FailureScanChars = 8 * 1024;

    /// <summary>
    /// Whether a tool result's text reads as a failure, for formats with no error flag. Conservative: it must
    /// open like an error report (<c>Error:</c>, <c>error:</c>, <c>fatal:</c>, <c>ValueError:</c>), or carry
    /// a shell or runtime failure signature (a Python traceback, <c>command not found</c>, <c>No such file or
    /// directory</c>, <c>Permission denied</c>, a non-zero exit code or status). Prose that merely mentions
    /// errors does not count. Only the first and last 8 KiB are read.
    /// </summary>
    internal static bool LooksLikeFailure(string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (content.Length <= 2 * FailureScanChars)
        {
            return FailureOpening().IsMatch(content) || FailureSignature().IsMatch(content);
        }

        return FailureOpening().IsMatch(content.AsSpan(0, FailureScanChars))
            || FailureSignature().IsMatch(content.AsSpan(0, FailureScanChars))
            || FailureSignature().IsMatch(content.AsSpan(content.Length - FailureScanChars));
    }

    [GeneratedRegex(@"\A\s*(?:(?:error|fatal)\b(?:\[[^\]\r\n]*\])?\s*:|[A-Za-z_][\w.]*(?:Error|Exception)\s*:)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FailureOpening();

    [GeneratedRegex(@"Traceback \(most recent call last\)|command not found|No such file or directory|Permission denied|non-zero exit (?:code|status)|\bexit(?:ed)?(?: with)?[ _](?:code|status)\b[""']?\s*[:=]?\s*-?[1-9]\d*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FailureSignature();
}
