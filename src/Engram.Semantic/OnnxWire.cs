using System.Buffers.Binary;
using System.Text;

namespace Engram.Semantic;

/// <summary>
/// Just enough of the protocol-buffer wire format to rewrite an ONNX graph: a message is read as its fields in
/// order, unknown ones kept as bytes, and written back the same way, so whatever is not touched survives as it was.
/// </summary>
internal static class OnnxWire
{
    public const int Varint = 0;
    public const int Fixed64 = 1;
    public const int Bytes = 2;
    public const int Fixed32 = 5;

    /// <summary>One field of a message: its number, wire type, and either its varint value or its bytes.</summary>
    public readonly record struct Field(int Number, int Wire, ulong Value, ReadOnlyMemory<byte> Data)
    {
        public string Text => Encoding.UTF8.GetString(Data.Span);
    }

    public static List<Field> Read(ReadOnlyMemory<byte> message)
    {
        var fields = new List<Field>();
        var span = message.Span;
        var at = 0;
        while (at < span.Length)
        {
            var key = ReadVarint(span, ref at);
            var (number, wire) = ((int)(key >> 3), (int)(key & 7));
            switch (wire)
            {
                case Varint:
                    fields.Add(new Field(number, wire, ReadVarint(span, ref at), default));
                    break;
                case Fixed64:
                    fields.Add(new Field(number, wire, 0, message.Slice(at, 8)));
                    at += 8;
                    break;
                case Fixed32:
                    fields.Add(new Field(number, wire, 0, message.Slice(at, 4)));
                    at += 4;
                    break;
                case Bytes:
                    var length = checked((int)ReadVarint(span, ref at));
                    fields.Add(new Field(number, wire, 0, message.Slice(at, length)));
                    at += length;
                    break;
                default:
                    throw new InvalidDataException($"the model file is not a protocol buffer this reader knows (wire type {wire})");
            }
        }

        return fields;
    }

    public static void Write(Stream output, IEnumerable<Field> fields)
    {
        foreach (var field in fields)
        {
            WriteVarint(output, ((ulong)field.Number << 3) | (uint)field.Wire);
            switch (field.Wire)
            {
                case Varint:
                    WriteVarint(output, field.Value);
                    break;
                case Bytes:
                    WriteVarint(output, (ulong)field.Data.Length);
                    output.Write(field.Data.Span);
                    break;
                default:
                    output.Write(field.Data.Span);
                    break;
            }
        }
    }

    public static byte[] Message(IEnumerable<Field> fields)
    {
        using var stream = new MemoryStream();
        Write(stream, fields);
        return stream.ToArray();
    }

    public static Field Of(int number, ReadOnlyMemory<byte> data) => new(number, Bytes, 0, data);

    public static Field Of(int number, string text) => Of(number, Encoding.UTF8.GetBytes(text));

    public static Field Of(int number, long value) => new(number, Varint, unchecked((ulong)value), default);

    /// <summary>Repeated int64 values of a field, packed or not.</summary>
    public static IEnumerable<long> Int64s(IEnumerable<Field> fields, int number)
    {
        foreach (var field in fields.Where(f => f.Number == number))
        {
            if (field.Wire == Varint)
            {
                yield return unchecked((long)field.Value);
                continue;
            }

            var at = 0;
            var values = new List<long>();
            while (at < field.Data.Length)
            {
                values.Add(unchecked((long)ReadVarint(field.Data.Span, ref at)));
            }

            foreach (var value in values)
            {
                yield return value;
            }
        }
    }

    /// <summary>Repeated float values of a field, packed or not.</summary>
    public static float[] Floats(IEnumerable<Field> fields, int number)
    {
        var values = new List<float>();
        foreach (var field in fields.Where(f => f.Number == number))
        {
            for (var at = 0; at + 4 <= field.Data.Length; at += 4)
            {
                values.Add(BinaryPrimitives.ReadSingleLittleEndian(field.Data.Span[at..]));
            }
        }

        return [.. values];
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> span, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = span[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }

    private static void WriteVarint(Stream output, ulong value)
    {
        while (value >= 0x80)
        {
            output.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        output.WriteByte((byte)value);
    }
}
