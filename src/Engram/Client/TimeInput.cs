using System.Globalization;
using Engram.Errors;

namespace Engram.Client;

/// <summary>
/// A time a person types into a filter, a form or an option (<c>--since</c>): <c>7d</c>, <c>12h</c> or <c>30m</c> before
/// now, or an RFC 3339 time (UTC unless it names an offset). One rule for the CLI and the web UI.
/// </summary>
internal static class TimeInput
{
    /// <summary>The time <paramref name="text"/> names (null for none), or a refusal naming <paramref name="field"/>.</summary>
    public static DateTimeOffset? Parse(string? text, DateTimeOffset now, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var value = text.Trim();
        if (value.Length >= 2 && long.TryParse(value.AsSpan(0, value.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            try
            {
                TimeSpan? span = value[^1] switch { 'd' => TimeSpan.FromDays(amount), 'h' => TimeSpan.FromHours(amount), 'm' => TimeSpan.FromMinutes(amount), _ => null };
                if (span is { } ago)
                {
                    return now - ago;
                }
            }
            catch (Exception tooFar) when (tooFar is OverflowException or ArgumentOutOfRangeException)
            {
                throw new InvalidRequestException(field, $"reaches back before the year 1 (got \"{value}\")");
            }
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : throw new InvalidRequestException(field, $"must be like 7d, 12h, 30m or a time such as 2026-01-31T09:00Z (got \"{value}\")");
    }
}
