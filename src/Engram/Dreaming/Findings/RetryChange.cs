using Engram.Dreaming.Signals;

namespace Engram.Dreaming.Findings;

/// <summary>The failed and the succeeding part of a retry, for wording a finding.</summary>
internal static class RetryChange
{
    private const string Arrow = "` -> `";

    /// <summary>The two sides of <see cref="RecoveredRetrySignal.Change"/> (<c>pytest</c>, <c>python -m pytest</c>);
    /// the whole inputs when a side is empty or the change is not in its usual form.</summary>
    public static (string Failed, string Fix) Parts(RecoveredRetrySignal retry)
    {
        var change = retry.Change;
        var at = change.IndexOf(Arrow, StringComparison.Ordinal);
        if (at > 0 && change.StartsWith('`') && change.EndsWith('`'))
        {
            var failed = change[1..at].Trim();
            var fix = change[(at + Arrow.Length)..^1].Trim();
            if (failed.Length > 0 && fix.Length > 0)
            {
                return (failed, fix);
            }
        }

        return (retry.FailedInput, retry.SucceededInput);
    }
}
