using System.Text.RegularExpressions;
using Engram.Errors;

namespace Engram.Wire;

/// <summary>
/// Turns an error body back into the typed failure the library would have thrown, so code behind a
/// remote client catches the same exceptions as code in-process.
/// </summary>
internal static partial class WireErrors
{
    /// <summary>The failure an error body describes.</summary>
    public static EngramException FromWire(int status, string? code, string? message, string? conflictingPath = null, string? conflictingMemoryId = null)
    {
        message ??= $"HTTP {status}";
        return code switch
        {
            "invalid_request_error" when FieldPrefix().Match(message) is { Success: true } field =>
                new InvalidRequestException(field.Groups[1].Value, message[(field.Length)..]),
            "invalid_request_error" => new InvalidStateException(message),
            "not_found_error" when NotFoundShape().Match(message) is { Success: true } found =>
                new NotFoundException(found.Groups[1].Value, found.Groups[2].Value),
            "not_found_error" => new NotFoundException("object", message),
            "memory_precondition_failed_error" => new PreconditionFailedException(message),
            "memory_path_conflict_error" => PathConflictException.FromWire(message, conflictingPath ?? "", conflictingMemoryId ?? ""),
            "authentication_error" => new AuthenticationFailedException(message),
            "permission_error" => new PermissionDeniedException(message),
            "request_too_large" => new EngramException(ErrorType.TooLarge, "request_too_large", message),
            "rate_limit_error" => new EngramException(ErrorType.RateLimit, "rate_limit_error", message),
            "overloaded_error" => new EngramException(ErrorType.Unavailable, "overloaded_error", message),
            "conflict_error" when StoreHeld().Match(message) is { Success: true } held =>
                new Dreaming.Dreams.DreamStoreHeldException(held.Groups[1].Value, held.Groups[2].Value),
            "conflict_error" => new EngramException(ErrorType.Conflict, "conflict_error", message),
            _ when status == 412 => new PreconditionFailedException(message),
            _ when status is 502 or 503 or 504 or 529 => new EngramException(ErrorType.Unavailable, code ?? "overloaded_error", message),
            _ => new EngramException(ErrorType.Internal, code ?? "api_error", message),
        };
    }

    [GeneratedRegex(@"^([A-Za-z_][A-Za-z0-9_.\[\]-]*|If-Match|--[a-z0-9-]+): ")]
    private static partial Regex FieldPrefix();

    [GeneratedRegex(@"memory store (\S+) is held by dream (\S+?),")]
    private static partial Regex StoreHeld();

    [GeneratedRegex(@"^(.+) (\S+) was not found$")]
    private static partial Regex NotFoundShape();
}
