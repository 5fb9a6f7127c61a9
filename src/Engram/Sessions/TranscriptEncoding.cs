namespace Engram.Sessions;

/// <summary>
/// Tells a file that is no UTF-8 text from its first bytes, so it is reported for what it is (UTF-16 saved by an
/// editor or a shell's redirection, or binary) rather than read as lines of garbage. Only the start is judged: a log
/// whose end a crash filled with zero bytes is still text, and its damaged lines are reported one by one.
/// </summary>
internal static class TranscriptEncoding
{
    /// <summary>Bytes of a first line judged for the pattern of UTF-16 without a byte order mark.</summary>
    private const int PatternBytes = 256;

    /// <summary>Why the file starting with <paramref name="head"/> is not UTF-8 text, or null when it may be.</summary>
    public static string? WhyNotUtf8(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00]) || head.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]))
        {
            return "UTF-32 text (it starts with a UTF-32 byte order mark); " + Convert("UTF-32");
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return "UTF-16 text (it starts with a UTF-16 byte order mark); " + Convert("UTF-16");
        }

        // No JSON text holds a zero byte (a control character must be escaped in a string and may not stand outside one).
        var first = FirstLine(head);
        if (first.IndexOf((byte)0) < 0)
        {
            return null;
        }

        return LooksLikeUtf16(first)
            ? "UTF-16 text without a byte order mark (every other byte of its first line is zero); " + Convert(first[0] == 0 ? "UTF-16BE" : "UTF-16LE")
            : "binary, not text: its first line holds zero bytes, which no JSON text does";
    }

    private static string Convert(string encoding) => $"transcripts are UTF-8: convert it first (iconv -f {encoding} -t UTF-8)";

    /// <summary>The first line that is not blank, without its line ending.</summary>
    private static ReadOnlySpan<byte> FirstLine(ReadOnlySpan<byte> head)
    {
        var start = head.IndexOfAnyExcept(" \t\r\n"u8);
        if (start < 0)
        {
            return [];
        }

        var line = head[start..];
        var end = line.IndexOf((byte)'\n');
        return end < 0 ? line : line[..end];
    }

    /// <summary>Zero bytes on one side of every pair and none on the other: ASCII text written as UTF-16.</summary>
    private static bool LooksLikeUtf16(ReadOnlySpan<byte> line)
    {
        var pairs = line[..Math.Min(line.Length, PatternBytes)];
        int zeroEven = 0, zeroOdd = 0;
        for (var i = 0; i < pairs.Length; i++)
        {
            if (pairs[i] != 0)
            {
                continue;
            }

            if (i % 2 == 0)
            {
                zeroEven++;
            }
            else
            {
                zeroOdd++;
            }
        }

        var half = pairs.Length / 2;
        return half > 0 && ((zeroOdd >= half * 3 / 4 && zeroEven == 0) || (zeroEven >= half * 3 / 4 && zeroOdd == 0));
    }
}
