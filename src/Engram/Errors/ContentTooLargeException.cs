using Engram.Memories;

namespace Engram.Errors;

/// <summary>Content larger than the compatible API allows. Maps to HTTP 413.</summary>
public sealed class ContentTooLargeException : EngramException
{
    /// <summary>The content of <paramref name="field"/> is <paramref name="sizeBytes"/> long, over <see cref="MemoryContent.MaxBytes"/>.</summary>
    public ContentTooLargeException(string field, int sizeBytes)
        : this(field, $"must be at most {MemoryContent.MaxBytes:N0} bytes of UTF-8 (got {sizeBytes:N0})")
    {
    }

    private ContentTooLargeException(string field, string rule)
        : base(ErrorType.TooLarge, "request_too_large", $"{field}: {rule}", ErrorCodes.ContentTooLarge)
    {
        Field = field;
        Rule = rule;
    }

    /// <summary>The field that was too large.</summary>
    public string Field { get; }

    /// <summary>The limit broken, with the size given, without the field.</summary>
    public string Rule { get; }

    /// <summary>The failure as an error body described it.</summary>
    internal static ContentTooLargeException FromWire(string field, string rule) => new(field, rule);
}
