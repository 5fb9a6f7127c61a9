namespace Engram.Errors;

/// <summary>The caller is known but may not do this. Maps to HTTP 403.</summary>
public sealed class PermissionDeniedException(string message)
    : EngramException(ErrorType.Permission, "permission_error", message, ErrorCodes.PermissionDenied);
