using Engram.Errors;

namespace Engram.Cli;

/// <summary>Exit codes scripts can rely on. Documented in docs/CLI.md; never renumber them.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Internal = 1;
    public const int InvalidInput = 2;
    public const int NotFound = 3;
    public const int Conflict = 4;
    public const int Denied = 5;

    /// <summary>The server could not be reached (refused, unknown name, TLS, timeout) or asked to be left alone for now (rate limit, overload): try again later.</summary>
    public const int Unavailable = 6;
    public const int Proposed = 7;

    /// <summary>A dream completed on the rules alone because its model provider failed (the dream says which endpoint).</summary>
    public const int Degraded = 8;

    /// <summary>The command went on past items it could not do, and named each: a path sync could not sync (the next run tries it again), a transcript the file system would not let it read.</summary>
    public const int Incomplete = 9;
    public const int Canceled = 130;

    /// <summary>How a finished dream ends a command: completed, completed without its model, canceled, or failed.</summary>
    public static int For(Dreaming.Dreams.Dream dream) => dream.Status switch
    {
        Dreaming.Dreams.DreamStatus.Completed => dream.Degraded is null ? Ok : Degraded,
        Dreaming.Dreams.DreamStatus.Canceled => Canceled,
        _ => Internal,
    };

    /// <summary>How a sync run ends a command: the outcome a person must act on first.</summary>
    public static int For(Sync.SyncOutcome outcome) => outcome switch
    {
        Sync.SyncOutcome.Conflicted => Conflict,
        Sync.SyncOutcome.Refused => Denied,
        Sync.SyncOutcome.Incomplete => Incomplete,
        Sync.SyncOutcome.Proposed => Proposed,
        _ => Ok,
    };

    public static int For(ErrorType type) => type switch
    {
        ErrorType.InvalidRequest or ErrorType.TooLarge => InvalidInput,
        ErrorType.NotFound => NotFound,
        ErrorType.PreconditionFailed or ErrorType.PathConflict or ErrorType.Conflict => Conflict,
        ErrorType.Authentication or ErrorType.Permission => Denied,
        ErrorType.RateLimit or ErrorType.Unavailable => Unavailable,
        ErrorType.Proposed => Proposed,
        _ => Internal,
    };
}
