using Engram.Memories;

namespace Engram.Errors;

/// <summary>Content larger than the compatible API allows. Maps to HTTP 413.</summary>
public sealed class ContentTooLargeException(string field, int sizeBytes)
    : EngramException(
        ErrorType.TooLarge,
        "request_too_large",
        $"{field}: must be at most {MemoryContent.MaxBytes:N0} bytes of UTF-8 (got {sizeBytes:N0})")
{
    /// <summary>The field that was too large.</summary>
    public string Field { get; } = field;
}
