using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Engram.Storage;

/// <summary>
/// A SHA-256 over a table's rows in key order, from values normalized so that two backends holding the same data
/// agree: integers of any width as 64-bit, booleans as 0 or 1, text as its UTF-8 bytes (so text one backend keeps as
/// bytes, such as PostgreSQL's <c>contents.body</c>, which must hold U+0000, hashes as the other's text), bytes as they
/// are, each value tagged with its kind and length so no two different rows hash alike.
/// </summary>
internal sealed class TableChecksum : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] _scratch = new byte[9];

    /// <summary>Rows added so far.</summary>
    public long Rows { get; private set; }

    /// <summary>Adds one row.</summary>
    public void Add(IReadOnlyList<object?> row)
    {
        foreach (var value in row)
        {
            Append(value);
        }

        _hash.AppendData([0xFF]);
        Rows++;
    }

    /// <summary>The hash of every row added, as lowercase hex.</summary>
    public string Finish() => Convert.ToHexStringLower(_hash.GetHashAndReset());

    public void Dispose() => _hash.Dispose();

    /// <summary>A value as both sides read it: every integer as <see cref="long"/>, every other value as is.</summary>
    public static object? Normalize(object? value) => value switch
    {
        null or DBNull => null,
        bool b => b ? 1L : 0L,
        short s => (long)s,
        int i => (long)i,
        long l => l,
        float f => (double)f,
        _ => value,
    };

    private void Append(object? value)
    {
        switch (Normalize(value))
        {
            case null:
                _hash.AppendData([0]);
                break;
            case long number:
                _scratch[0] = 1;
                BinaryPrimitives.WriteInt64BigEndian(_scratch.AsSpan(1), number);
                _hash.AppendData(_scratch);
                break;
            case double real:
                _scratch[0] = 2;
                BinaryPrimitives.WriteDoubleBigEndian(_scratch.AsSpan(1), real);
                _hash.AppendData(_scratch);
                break;
            case string text:
                AppendBytes(3, Encoding.UTF8.GetBytes(text));
                break;
            case byte[] bytes:
                AppendBytes(3, bytes);
                break;
            default:
                throw new ArgumentException($"a table value of type {value!.GetType().Name} cannot be checksummed", nameof(value));
        }
    }

    private void AppendBytes(byte kind, byte[] bytes)
    {
        _scratch[0] = kind;
        BinaryPrimitives.WriteInt64BigEndian(_scratch.AsSpan(1), bytes.Length);
        _hash.AppendData(_scratch);
        _hash.AppendData(bytes);
    }
}
