namespace Engram.Errors;

/// <summary>
/// A content-hash precondition did not hold for the memory's current state; nothing was changed.
/// As in the compatible API, the current state is not included: the client re-reads and retries.
/// </summary>
public sealed class PreconditionFailedException(string message)
    : EngramException(ErrorType.PreconditionFailed, "memory_precondition_failed_error", message, ErrorCodes.PreconditionFailed);
