using System.Runtime.CompilerServices;
using System.Text;

namespace Engram.Sessions.Formats;

/// <summary>One line of a JSON Lines file: its 1-based number, its text, and what was wrong with its bytes.</summary>
/// <param name="Number">1-based line number.</param>
/// <param name="Text">The line, decoded as UTF-8 with invalid bytes replaced by U+FFFD, and JSON escapes of lone surrogates (<c>\ud83d</c>) by <c>\ufffd</c> (see <see cref="JsonEscapes"/>).</param>
/// <param name="Offset">Byte offset of the line's first byte in the file.</param>
/// <param name="IsLastWithoutNewline">The file ends inside this line (a writer was cut off mid-record, or just left no newline).</param>
/// <param name="HadInvalidUtf8">Some bytes were not UTF-8 and were replaced.</param>
public readonly record struct JsonLine(long Number, string Text, long Offset, bool IsLastWithoutNewline, bool HadInvalidUtf8);

/// <summary>
/// Reads JSON Lines files line by line in constant memory (a line is held only while it is read, even when it
/// is megabytes long), leniently: invalid UTF-8 is replaced rather than fatal, and blank lines are skipped.
/// </summary>
public static class JsonLines
{
    /// <summary>Read buffer: large enough that the file system, not the loop, bounds throughput.</summary>
    private const int BufferBytes = 1 << 20;

    private static readonly UTF8Encoding Lenient = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>The non-blank lines of <paramref name="path"/> from byte <paramref name="startOffset"/> (a line start) on.</summary>
    public static async IAsyncEnumerable<JsonLine> ReadAsync(string path, long startOffset = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.ReadWrite | FileShare.Delete, BufferSize = 0, Options = FileOptions.SequentialScan,
        });
        stream.Position = startOffset;
        var buffer = new byte[BufferBytes];
        var line = new MemoryStream();
        var number = 0L;
        var lineStart = startOffset;
        var position = startOffset;
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            var start = 0;
            while (start < read)
            {
                var newline = Array.IndexOf(buffer, (byte)'\n', start, read - start);
                if (newline < 0)
                {
                    line.Write(buffer, start, read - start);
                    position += read - start;
                    break;
                }

                number++;
                var length = newline - start;
                position += length + 1;
                JsonLine? complete;
                if (line.Length == 0)
                {
                    complete = Decode(number, buffer.AsSpan(start, length), lineStart, last: false);
                }
                else
                {
                    line.Write(buffer, start, length);
                    complete = Decode(number, line.GetBuffer().AsSpan(0, (int)line.Length), lineStart, last: false);
                    line.SetLength(0);
                }

                lineStart = position;
                start = newline + 1;
                if (complete is { } value)
                {
                    yield return value;
                }
            }
        }

        if (line.Length > 0 && Decode(number + 1, line.GetBuffer().AsSpan(0, (int)line.Length), lineStart, last: true) is { } tail)
        {
            yield return tail;
        }
    }

    private static JsonLine? Decode(long number, Span<byte> bytes, long offset, bool last)
    {
        if (bytes.Length > 0 && bytes[^1] == (byte)'\r')
        {
            bytes = bytes[..^1];
        }

        if (offset == 0 && bytes.StartsWith("\uFEFF"u8))
        {
            bytes = bytes[3..]; // a byte order mark some editors write
        }

        if (bytes.Trim(" \t"u8).IsEmpty)
        {
            return null;
        }

        var valid = System.Text.Unicode.Utf8.IsValid(bytes);
        JsonEscapes.ReplaceLoneSurrogates(bytes, final: true);
        return new JsonLine(number, Lenient.GetString(bytes), offset, last, !valid);
    }
}
