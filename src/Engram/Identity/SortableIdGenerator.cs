using System.Security.Cryptography;

namespace Engram.Identity;

/// <summary>
/// ULID-style identifiers: 48 bits of milliseconds and 80 random bits in Crockford base32. Within one
/// millisecond (or when the clock steps back) the random part is incremented, so identifiers from one
/// generator are strictly increasing. That ordering is what keeps list cursors stable.
/// </summary>
public sealed class SortableIdGenerator(TimeProvider time) : IIdGenerator
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private const int EncodedLength = 26;
    private readonly Lock _gate = new();
    private long _lastMs = -1;
    private ulong _randHigh; // upper 16 bits of the 80-bit random part
    private ulong _randLow;  // lower 64 bits

    /// <inheritdoc />
    public string NewId(string prefix)
    {
        long ms;
        ulong high, low;
        lock (_gate)
        {
            ms = Math.Max(time.GetUtcNow().ToUnixTimeMilliseconds(), _lastMs);
            if (ms == _lastMs)
            {
                _randLow++;
                if (_randLow == 0)
                {
                    _randHigh = (_randHigh + 1) & 0xFFFF;
                }
            }
            else
            {
                Span<byte> random = stackalloc byte[10];
                RandomNumberGenerator.Fill(random);
                // Leave headroom in the top bit so increments within one millisecond cannot overflow.
                _randHigh = (ulong)((random[0] & 0x7F) << 8 | random[1]);
                _randLow = BitConverter.ToUInt64(random[2..]);
                _lastMs = ms;
            }

            high = _randHigh;
            low = _randLow;
        }

        return string.Create(prefix.Length + 1 + EncodedLength, (prefix, ms, high, low), static (span, s) =>
        {
            s.prefix.AsSpan().CopyTo(span);
            span[s.prefix.Length] = '_';
            var body = span[(s.prefix.Length + 1)..];
            // 128 bits = 48 (time) + 80 (random), written as 26 base32 digits (130 bits, top 2 zero).
            var hi = (UInt128)(ulong)s.ms << 80 | (UInt128)s.high << 64 | s.low;
            for (var i = EncodedLength - 1; i >= 0; i--)
            {
                body[i] = Alphabet[(int)(hi & 31)];
                hi >>= 5;
            }
        });
    }
}
