namespace Engram.Errors;

/// <summary>
/// The stable machine codes of <see cref="EngramException.ErrorCode"/>, sent as <c>error.code</c> next to the
/// compatible <c>error.type</c>. A code names the condition; code that reacts to a failure switches on it, never on
/// the message. Codes are only ever added: a client meeting one it does not know falls back to <c>error.type</c>.
/// </summary>
public static class ErrorCodes
{
    /// <summary>A request field breaks a rule; the error carries the field and the rule.</summary>
    public const string InvalidField = "invalid_field";

    /// <summary>A bad request that concerns no single field.</summary>
    public const string InvalidRequest = "invalid_request";

    /// <summary>A well-formed request the object's current state does not allow (a dream already ended, a proposal decided).</summary>
    public const string InvalidState = "invalid_state";

    /// <summary>A write that adds content to an archived store, or a proposal filed or accepted there.</summary>
    public const string StoreArchived = "store_archived";

    /// <summary>No valid credential.</summary>
    public const string AuthenticationFailed = "authentication_failed";

    /// <summary>The caller may not do this.</summary>
    public const string PermissionDenied = "permission_denied";

    /// <summary>The object does not exist, or the caller may not know that it does; the error names its kind and id.</summary>
    public const string NotFound = "not_found";

    /// <summary>A content-hash precondition did not hold.</summary>
    public const string PreconditionFailed = "precondition_failed";

    /// <summary>A used or overlapping path; the error names the path and memory in the way.</summary>
    public const string PathConflict = "path_conflict";

    /// <summary>A dream would write a store another unfinished dream writes; the error names the store and that dream.</summary>
    public const string StoreHeld = "store_held";

    /// <summary>Another conflict with the current state.</summary>
    public const string Conflict = "conflict";

    /// <summary>A field's content is over its size limit; the error carries the field and the rule.</summary>
    public const string ContentTooLarge = "content_too_large";

    /// <summary>The request (its body) is over the size the server accepts.</summary>
    public const string RequestTooLarge = "request_too_large";

    /// <summary>Over a rate limit; later may work.</summary>
    public const string RateLimited = "rate_limited";

    /// <summary>The service could not be reached or said it is unavailable; later may work.</summary>
    public const string Unavailable = "unavailable";

    /// <summary>A bug inside Engram.</summary>
    public const string Internal = "internal_error";

    /// <summary>Every code, for the tests that check each one crosses the wire.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        InvalidField, InvalidRequest, InvalidState, StoreArchived, AuthenticationFailed, PermissionDenied, NotFound,
        PreconditionFailed, PathConflict, StoreHeld, Conflict, ContentTooLarge, RequestTooLarge, RateLimited,
        Unavailable, Internal,
    ];

    /// <summary>The code of a failure of <paramref name="type"/> that names no more precise condition.</summary>
    public static string For(ErrorType type) => type switch
    {
        ErrorType.InvalidRequest => InvalidRequest,
        ErrorType.Authentication => AuthenticationFailed,
        ErrorType.Permission => PermissionDenied,
        ErrorType.NotFound => NotFound,
        ErrorType.PreconditionFailed => PreconditionFailed,
        ErrorType.PathConflict => PathConflict,
        ErrorType.Conflict => Conflict,
        ErrorType.RateLimit => RateLimited,
        ErrorType.TooLarge => RequestTooLarge,
        ErrorType.Unavailable => Unavailable,
        _ => Internal,
    };
}
