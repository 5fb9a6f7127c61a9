using System.Security.Cryptography;
using System.Text;
using Engram.Errors;

namespace Engram.Memories;

/// <summary>Rules for memory content and its SHA-256 over the exact UTF-8 bytes.</summary>
internal static class MemoryContent
{
    /// <summary>The compatible API's limit on content size in UTF-8 bytes.</summary>
    public const int MaxBytes = 102_400;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Lowercase hex SHA-256 of the UTF-8 bytes of <paramref name="content"/>, with no normalization.</summary>
    public static string Sha256(string content)
    {
        var bytes = StrictUtf8.GetBytes(content);
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    /// <summary>True when <see cref="Validate"/> would accept <paramref name="content"/>: valid Unicode within the size limit.</summary>
    public static bool IsValid(string content) =>
        UnicodeText.FindUnpairedSurrogate(content) < 0 && Encoding.UTF8.GetByteCount(content) <= MaxBytes;

    /// <summary>Validates content and returns its size in UTF-8 bytes.</summary>
    public static int Validate(string? content, string field = "content")
    {
        if (content is null)
        {
            throw new InvalidRequestException(field, "is required (pass \"\" for an empty memory)");
        }

        var bad = UnicodeText.FindUnpairedSurrogate(content);
        if (bad >= 0)
        {
            throw new InvalidRequestException(field, $"must be valid Unicode text (unpaired surrogate at index {bad})");
        }

        var size = Encoding.UTF8.GetByteCount(content);
        return size <= MaxBytes
            ? size
            : throw new ContentTooLargeException(field, size);
    }

    /// <summary>Decodes UTF-8 bytes exactly (a byte-order mark is kept as content) or names the first bad byte.</summary>
    public static string DecodeUtf8(ReadOnlySpan<byte> bytes, string field = "content")
    {
        var chars = new char[bytes.Length];
        var status = System.Text.Unicode.Utf8.ToUtf16(bytes, chars, out var read, out var written, replaceInvalidSequences: false);
        return status == System.Buffers.OperationStatus.Done
            ? new string(chars, 0, written)
            : throw new InvalidRequestException(field, $"must be valid UTF-8 (invalid byte sequence at byte offset {read})");
    }

    /// <summary>True for 64 lowercase hexadecimal characters, the form of every content hash.</summary>
    public static bool IsSha256(string value) =>
        value.Length == 64 && value.All(static c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    /// <summary>Validates a client-supplied hash: 64 lowercase hexadecimal characters.</summary>
    public static string ValidateSha256(string value, string field)
    {
        if (!IsSha256(value))
        {
            throw new InvalidRequestException(field, "must be 64 lowercase hexadecimal characters (a SHA-256 of the UTF-8 content)");
        }

        return value;
    }
}
