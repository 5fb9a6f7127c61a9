using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Engram.Sessions;

/// <summary>
/// How an event's original record is stored: UTF-8, Brotli-compressed at its fastest setting, behind its
/// uncompressed length. Transcript JSON compresses several times over, so the store holds much less than
/// the files it imported and the writer writes much less; compression runs before the write, off the
/// writer's thread.
/// </summary>
internal static class RawRecords
{
    /// <summary>Brotli's fastest quality: the aim is fewer bytes written at little CPU, not the smallest file.</summary>
    private const int Quality = 1;

    /// <summary>Brotli window (log2 bytes): the largest record kept (512 K characters) fits in it.</summary>
    private const int Window = 22;

    /// <summary>A compressed stored form of <paramref name="raw"/>.</summary>
    public static byte[] Compress(string raw)
    {
        var utf8 = Encoding.UTF8.GetBytes(raw);
        var output = new byte[4 + BrotliEncoder.GetMaxCompressedLength(utf8.Length)];
        BinaryPrimitives.WriteInt32LittleEndian(output, utf8.Length);
        if (!BrotliEncoder.TryCompress(utf8, output.AsSpan(4), out var written, Quality, Window))
        {
            throw new InvalidOperationException("Brotli could not compress within its own maximum length");
        }

        return output[..(4 + written)];
    }

    /// <summary>The record <paramref name="stored"/> was made from.</summary>
    public static string Decompress(ReadOnlySpan<byte> stored)
    {
        var length = BinaryPrimitives.ReadInt32LittleEndian(stored);
        var utf8 = new byte[length];
        if (!BrotliDecoder.TryDecompress(stored[4..], utf8, out var written) || written != length)
        {
            throw new InvalidDataException("a stored transcript record is damaged");
        }

        return Encoding.UTF8.GetString(utf8);
    }
}

/// <summary>An event ready for storage: masked, within limits, and its original record compressed.</summary>
public sealed record PreparedEvent(TranscriptEvent Event, byte[] Raw);
