namespace Engram.Identity;

/// <summary>How the library reads its injected clock.</summary>
internal static class Clock
{
    /// <summary>The current UTC time at microsecond precision: what RFC 3339 output and page tokens carry, so a time read back compares equal.</summary>
    public static DateTimeOffset UtcNowMicroseconds(this TimeProvider time)
    {
        var ticks = time.GetUtcNow().UtcTicks;
        return new DateTimeOffset(ticks - ticks % TimeSpan.TicksPerMicrosecond, TimeSpan.Zero);
    }
}
