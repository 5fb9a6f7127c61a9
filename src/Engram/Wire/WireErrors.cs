using Engram.Dreaming.Dreams;
using Engram.Errors;

namespace Engram.Wire;

/// <summary>
/// Turns an error body back into the typed failure the library would have thrown, so code behind a
/// remote client catches the same exceptions, with the same code, field and rule, as code in-process.
/// </summary>
internal static partial class WireErrors
{
    /// <summary>
    /// The failure an error body describes, or (<paramref name="error"/> null) an answer without one;
    /// <paramref name="status"/> is the HTTP status (0 for a batch item's error).
    /// </summary>
    public static EngramException FromWire(int status, ErrorJson? error)
    {
        var type = error?.Type;
        var message = error is null ? $"HTTP {status} from the server without an error body" : error.Message ?? $"HTTP {status}";
        return error?.Code switch
        {
            null => Legacy(status, type, message, error?.ConflictingPath, error?.ConflictingMemoryId),
            ErrorCodes.InvalidField when error.Field is { } field && error.Rule is { } rule => new InvalidRequestException(field, rule),
            ErrorCodes.ContentTooLarge when error.Field is { } field && error.Rule is { } rule => ContentTooLargeException.FromWire(field, rule),
            ErrorCodes.InvalidState or ErrorCodes.StoreArchived => new InvalidStateException(error.Code, message),
            ErrorCodes.NotFound when error.ObjectType is { } kind && error.ObjectId is { } id => new NotFoundException(kind, id),
            ErrorCodes.PreconditionFailed => new PreconditionFailedException(message),
            ErrorCodes.PathConflict => PathConflictException.FromWire(message, error.ConflictingPath ?? "", error.ConflictingMemoryId ?? ""),
            ErrorCodes.AuthenticationFailed => new AuthenticationFailedException(message),
            ErrorCodes.PermissionDenied => new PermissionDeniedException(message),
            ErrorCodes.StoreHeld when error.MemoryStoreId is { } storeId && error.DreamId is { } dreamId => new DreamStoreHeldException(storeId, dreamId),
            ErrorCodes.InvalidRequest or ErrorCodes.Conflict or ErrorCodes.RequestTooLarge or ErrorCodes.RateLimited or ErrorCodes.Unavailable or ErrorCodes.Internal =>
                new EngramException(TypeOf(status, type), type ?? "api_error", message, error.Code),
            // A code this client does not know (a newer server), or a known one without the members it needs: the
            // compatible type decides the exception, as for a body without a code, and the code is kept when the
            // exception is the generic one.
            { } code => KeepCode(Legacy(status, type, message, error.ConflictingPath, error.ConflictingMemoryId), code),
        };
    }

    private static EngramException KeepCode(EngramException error, string code) =>
        error.GetType() == typeof(EngramException) ? new EngramException(error.Type, error.Code, error.Message, code) : error;

    /// <summary>The kind of failure a compatible <c>error.type</c> (or, failing that, the HTTP status) stands for.</summary>
    private static ErrorType TypeOf(int status, string? type) => type switch
    {
        "invalid_request_error" => ErrorType.InvalidRequest,
        "authentication_error" => ErrorType.Authentication,
        "permission_error" => ErrorType.Permission,
        "not_found_error" => ErrorType.NotFound,
        "memory_precondition_failed_error" => ErrorType.PreconditionFailed,
        "memory_path_conflict_error" => ErrorType.PathConflict,
        "conflict_error" => ErrorType.Conflict,
        "request_too_large" => ErrorType.TooLarge,
        "rate_limit_error" => ErrorType.RateLimit,
        "overloaded_error" => ErrorType.Unavailable,
        _ when status == 412 => ErrorType.PreconditionFailed,
        _ when status is 502 or 503 or 504 or 529 => ErrorType.Unavailable,
        _ => ErrorType.Internal,
    };
}
