namespace Engram.Errors;

/// <summary>The kind of a domain failure. Faces map it, once, to an HTTP status or an exit code.</summary>
public enum ErrorType
{
    /// <summary>The request breaks a rule of the contract (bad field, archived store, ...).</summary>
    InvalidRequest,
    /// <summary>No valid credential.</summary>
    Authentication,
    /// <summary>The caller may not do this.</summary>
    Permission,
    /// <summary>The object does not exist, or the caller may not know that it does.</summary>
    NotFound,
    /// <summary>A content-hash precondition did not hold; nothing was changed.</summary>
    PreconditionFailed,
    /// <summary>A create or rename targets a used or overlapping path.</summary>
    PathConflict,
    /// <summary>The request conflicts with the current state in some other way.</summary>
    Conflict,
    /// <summary>Too many requests.</summary>
    RateLimit,
    /// <summary>The content or request is too large.</summary>
    TooLarge,
    /// <summary>An unexpected failure inside Engram.</summary>
    Internal,
    /// <summary>Not a failure: the write was not made, but filed as a proposal for review (HTTP 202).</summary>
    Proposed,
    /// <summary>The service could not be reached (refused, unknown host, TLS, timeout) or said it is unavailable (HTTP 502, 503, 504, 529); later may work.</summary>
    Unavailable,
}
