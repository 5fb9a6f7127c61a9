namespace Engram.Errors;

/// <summary>The object does not exist (or the caller may not learn that it does).</summary>
public sealed class NotFoundException(string kind, string id)
    : EngramException(ErrorType.NotFound, "not_found_error", $"{kind} {id} was not found", ErrorCodes.NotFound)
{
    /// <summary>The kind of object, such as <c>memory_store</c>.</summary>
    public string Kind { get; } = kind;

    /// <summary>The identifier that was looked up.</summary>
    public string Id { get; } = id;
}
