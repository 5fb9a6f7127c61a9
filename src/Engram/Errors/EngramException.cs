namespace Engram.Errors;

/// <summary>
/// A domain failure with a stable wire type (for example <c>memory_precondition_failed_error</c>) and a stable
/// machine code (<see cref="ErrorCodes"/>). Every failure the library reports on purpose is one of these; anything
/// else is a bug.
/// </summary>
public class EngramException : Exception
{
    /// <summary>Creates a failure of the given kind, coded by its kind alone (<see cref="ErrorCodes.For"/>).</summary>
    public EngramException(ErrorType type, string code, string message) : this(type, code, message, ErrorCodes.For(type))
    {
    }

    /// <summary>Creates a failure of the given kind with the machine code <paramref name="errorCode"/> (one of <see cref="ErrorCodes"/>).</summary>
    public EngramException(ErrorType type, string code, string message, string errorCode) : base(message)
    {
        Type = type;
        Code = code;
        ErrorCode = errorCode;
    }

    /// <summary>The kind of failure.</summary>
    public ErrorType Type { get; }

    /// <summary>The compatible API's error type as it appears on the wire (<c>error.type</c>).</summary>
    public string Code { get; }

    /// <summary>The stable machine code of the condition (<c>error.code</c>), one of <see cref="ErrorCodes"/>: switch on this, not on the message.</summary>
    public string ErrorCode { get; }
}
