using System.Text.RegularExpressions;
using Engram.Errors;

namespace Engram.Wire;

static partial class WireErrors
{
    /// <summary>
    /// The failure a body without <c>error.code</c> describes (a server older than the codes, a gateway, a stub):
    /// the field, the missing object and the held store are read back from the message, as before the codes.
    /// </summary>
    private static EngramException Legacy(int status, string? code, string message, string? conflictingPath, string? conflictingMemoryId) => code switch
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
        "conflict_error" when StoreHeld().Match(message) is { Success: true } held =>
            new Dreaming.Dreams.DreamStoreHeldException(held.Groups[1].Value, held.Groups[2].Value),
        "request_too_large" or "rate_limit_error" or "overloaded_error" or "conflict_error" => Generic(status, code, message),
        _ when status == 412 => new PreconditionFailedException(message),
        _ when status is 502 or 503 or 504 or 529 => new EngramException(ErrorType.Unavailable, code ?? "overloaded_error", message),
        _ => new EngramException(ErrorType.Internal, code ?? "api_error", message),
    };

    private static EngramException Generic(int status, string code, string message) => new(TypeOf(status, code), code, message);

    [GeneratedRegex(@"^([A-Za-z_][A-Za-z0-9_.\[\]-]*|If-Match|--[a-z0-9-]+): ")]
    private static partial Regex FieldPrefix();

    [GeneratedRegex(@"memory store (\S+) is held by dream (\S+?),")]
    private static partial Regex StoreHeld();

    [GeneratedRegex(@"^(.+) (\S+) was not found$")]
    private static partial Regex NotFoundShape();
}
