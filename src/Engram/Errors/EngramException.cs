namespace Engram.Errors;

/// <summary>
/// A domain failure with a stable wire code (for example <c>memory_precondition_failed_error</c>).
/// Every failure the library reports on purpose is one of these; anything else is a bug.
/// </summary>
public class EngramException : Exception
{
    /// <summary>Creates a failure of the given kind.</summary>
    public EngramException(ErrorType type, string code, string message) : base(message)
    {
        Type = type;
        Code = code;
    }

    /// <summary>The kind of failure.</summary>
    public ErrorType Type { get; }

    /// <summary>The stable error code as it appears on the wire (<c>error.type</c>).</summary>
    public string Code { get; }
}
