namespace Engram.Errors;

/// <summary>The request is well formed but is not allowed in the current state (for example a write to an archived store).</summary>
public sealed class InvalidStateException : EngramException
{
    /// <summary>A request the current state does not allow (<see cref="ErrorCodes.InvalidState"/>).</summary>
    public InvalidStateException(string message)
        : this(ErrorCodes.InvalidState, message)
    {
    }

    /// <summary>A request the current state does not allow, for the more precise reason <paramref name="errorCode"/> (<see cref="ErrorCodes.StoreArchived"/>).</summary>
    public InvalidStateException(string errorCode, string message)
        : base(ErrorType.InvalidRequest, "invalid_request_error", message, errorCode)
    {
    }

    /// <summary>A create or update in the archived store <paramref name="storeId"/>; <paramref name="allowed"/> says what the caller may still do.</summary>
    public static InvalidStateException StoreArchived(string storeId, string allowed) =>
        new(ErrorCodes.StoreArchived, $"memory store {storeId} is archived: {allowed}");
}
