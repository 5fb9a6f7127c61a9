using System.Runtime.CompilerServices;
using System.Text;

namespace Engram.Sessions.Formats;

/// <summary>One line of a JSON Lines file: its 1-based number, its text, and what was wrong with its bytes.</summary>
/// <param name="Number">1-based line number.</param>
/// <param name="Text">The line, decoded as UTF-8 with invalid bytes replaced by U+FFFD, and JSON escapes of lone surrogates (<c>\ud83d</c>) by <c>\ufffd</c> (see <see cref="JsonEscapes"/>).</param>
/// <param name="Offset">Byte offset of the line's first byte in the file.</param>
/// <param name="IsLastWithoutNewline">The file ends inside this line (a writer was cut off mid-record, or just left no newline).</param>
/// <param name="HadInvalidUtf8">Some bytes were not UTF-8 and were replaced.</param>
/// <param name="Bytes">The line's length in bytes, without its line ending.</param>
/// <param name="IsTooLong">The line is longer than <see cref="JsonLines.MaxLineBytes"/>: it was passed over, not held, and <paramref name="Text"/> is empty.</param>
internal readonly record struct JsonLine(long Number, string Text, long Offset, bool IsLastWithoutNewline, bool HadInvalidUtf8, long Bytes = 0, bool IsTooLong = false);

/// <summary>
/// Reads JSON Lines files line by line in bounded memory, leniently: invalid UTF-8 is replaced rather than fatal, and
/// blank lines are skipped. A line is held only while it is read: one that fits the read buffer is read from it, a
/// longer one is measured first and then read whole into an array of its size, and one longer than
/// <see cref="MaxLineBytes"/> is passed over unread, so a file that is one endless line costs the buffer and no more.
/// </summary>
internal static class JsonLines
{
    /// <summary>The longest line read: one record's limit (<see cref="TranscriptJson.MaxRecordBytes"/>).</summary>
    public const int MaxLineBytes = TranscriptJson.MaxRecordBytes;

    /// <summary>Read buffer: large enough that the file system, not the loop, bounds throughput, and that lines longer than it are rare.</summary>
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
        int start = 0, end = 0; // the bytes read and not yet taken: buffer[start..end)
        var position = startOffset; // the file offset of buffer[start]
        var number = 0L;
        while (true)
        {
            var newline = Array.IndexOf(buffer, (byte)'\n', start, end - start);
            if (newline >= 0)
            {
                number++;
                var line = Decode(number, buffer.AsSpan(start, newline - start), position, last: false);
                position += newline - start + 1;
                start = newline + 1;
                if (line is { } value)
                {
                    yield return value;
                }

                continue;
            }

            // No line ends in what is held: it moves to the front, and more is read behind it.
            buffer.AsSpan(start, end - start).CopyTo(buffer);
            (start, end) = (0, end - start);
            if (end < buffer.Length)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(end), cancellationToken).ConfigureAwait(false);
                if (read > 0)
                {
                    end += read;
                    continue;
                }

                // The file ends inside what is held: its last line.
                if (end > 0 && Decode(number + 1, buffer.AsSpan(0, end), position, last: true) is { } tail)
                {
                    yield return tail;
                }

                yield break;
            }

            // A line longer than the buffer: measured on (the buffer is scratch now), then read whole if it fits the limit.
            number++;
            var (rest, ended) = await MeasureAsync(stream, buffer, cancellationToken).ConfigureAwait(false);
            var length = end + rest;
            JsonLine? longLine = null;
            if (length > MaxLineBytes)
            {
                longLine = new JsonLine(number, "", position, !ended, HadInvalidUtf8: false, length, IsTooLong: true);
            }
            else
            {
                var bytes = new byte[length];
                stream.Position = position;
                var got = await stream.ReadAtLeastAsync(bytes, bytes.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                longLine = Decode(number, bytes.AsSpan(0, got), position, last: !ended);
            }

            if (longLine is { } whole)
            {
                yield return whole;
            }

            if (!ended)
            {
                yield break; // the file as measured ends inside this line
            }

            position += length + 1;
            stream.Position = position;
            (start, end) = (0, 0);
        }
    }

    /// <summary>The bytes from the stream's position to the next line ending (or the end of the file), and whether a line ending was found.</summary>
    private static async Task<(long Bytes, bool Ended)> MeasureAsync(FileStream stream, byte[] scratch, CancellationToken cancellationToken)
    {
        var bytes = 0L;
        int read;
        while ((read = await stream.ReadAsync(scratch, cancellationToken).ConfigureAwait(false)) > 0)
        {
            var newline = Array.IndexOf(scratch, (byte)'\n', 0, read);
            if (newline >= 0)
            {
                return (bytes + newline, true);
            }

            bytes += read;
        }

        return (bytes, false);
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
        return new JsonLine(number, Lenient.GetString(bytes), offset, last, !valid, bytes.Length);
    }
}
