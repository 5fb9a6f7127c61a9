namespace Engram.Errors;

/// <summary>No valid credential came with the request. Maps to HTTP 401.</summary>
public sealed class AuthenticationFailedException(string message)
    : EngramException(ErrorType.Authentication, "authentication_error", message, ErrorCodes.AuthenticationFailed);
