using System.Globalization;
using Engram.Access;
using Engram.Review;

namespace Engram.Web.Review;

/// <summary>How the pages write times, ages, actors and prevalence.</summary>
internal static class UiFormat
{
    /// <summary>A short age: "just now", "12 min", "3 h", "5 d".</summary>
    public static string Age(DateTimeOffset now, DateTimeOffset then)
    {
        var age = now - then;
        return age.TotalMinutes < 1 ? "just now"
            : age.TotalHours < 1 ? $"{(int)age.TotalMinutes} min"
            : age.TotalDays < 1 ? $"{(int)age.TotalHours} h"
            : $"{(int)age.TotalDays} d";
    }

    /// <summary>An age in a sentence: "just now", "12 min ago", "3 h ago".</summary>
    public static string Ago(DateTimeOffset now, DateTimeOffset then) => Age(now, then) is "just now" ? "just now" : $"{Age(now, then)} ago";

    /// <summary>A time as people read it in logs: UTC, to the minute.</summary>
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>The machine-readable form for a time element.</summary>
    public static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    /// <summary>"user_01...", "session sesn_01..." and so on.</summary>
    public static string Actor(Actor? actor) => actor is null ? "-" : actor.Type switch
    {
        ActorType.Session => $"session {actor.Id}",
        _ => actor.Id,
    };

    /// <summary>"5 of 12 sessions", or null for a proposal that is not a dream's.</summary>
    public static string? Prevalence(Proposal proposal) =>
        proposal.Origin?.Statistics is { } s ? $"{s.Sessions} of {s.SessionsRead} sessions" : null;

    /// <summary>create, modify, delete, merge.</summary>
    public static string Operation(Proposal proposal) => proposal.Operation.ToString().ToLowerInvariant();

    /// <summary>pending, applied, ...</summary>
    public static string Status(ProposalStatus status) => status.ToString().ToLowerInvariant();
}
