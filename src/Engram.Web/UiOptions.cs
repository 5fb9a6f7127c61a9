namespace Engram.Web;

/// <summary>How the review UI keeps people signed in.</summary>
public sealed record UiOptions
{
    /// <summary>A sign-in lasts at most this long, however busy: 12 hours, a working day.</summary>
    public TimeSpan AbsoluteExpiry { get; init; } = TimeSpan.FromHours(12);

    /// <summary>A sign-in unused for this long ends: 2 hours, a long meeting.</summary>
    public TimeSpan IdleExpiry { get; init; } = TimeSpan.FromHours(2);

    /// <summary>Sign-ins held at once; past it the longest idle one ends (memory stays bounded whatever signs in).</summary>
    public int MaxSessions { get; init; } = 10_000;

    /// <summary>
    /// The model the new-dream form suggests: ENGRAM_DREAM_MODEL, else the CLI's default. Without a model provider
    /// configured on the server, the rule-based analyzers run alone whatever it says.
    /// </summary>
    public string DreamModel { get; init; } = Environment.GetEnvironmentVariable("ENGRAM_DREAM_MODEL") is { Length: > 0 } model ? model : "claude-sonnet-4-5";
}
