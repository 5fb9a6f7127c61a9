namespace Engram.Errors;

/// <summary>The request is well formed but is not allowed in the current state (for example a write to an archived store).</summary>
public sealed class InvalidStateException(string message)
    : EngramException(ErrorType.InvalidRequest, "invalid_request_error", message);
