using Engram.Web.Review;

namespace Engram.Web.Governance;

/// <summary>How long ago something happened, for lists: "just now", "12 min ago", "3 d ago".</summary>
internal static class Elapsed
{
    /// <summary>The age of <paramref name="then"/> at <paramref name="now"/>, said as a time in the past.</summary>
    public static string Ago(DateTimeOffset now, DateTimeOffset then) => UiFormat.Age(now, then) is "just now" ? "just now" : $"{UiFormat.Age(now, then)} ago";
}
