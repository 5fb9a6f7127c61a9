using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Engram.Bench;

internal static partial class ClaudeCodeCorpus
{
    /// <summary>
    /// One session file: the envelope fields every record carries, the parentUuid chain, and buffered output.
    /// Records are written with the relaxed encoder, as JSON.stringify writes them (no \u escapes for + or &lt;).
    /// </summary>
    private sealed class TranscriptWriter : IDisposable
    {
        private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };
        private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

        private readonly FileStream _file;
        private readonly ArrayBufferWriter<byte> _buffer = new(FlushBytes + 65_536);
        private readonly Utf8JsonWriter _json;
        private readonly Random _random;
        private readonly SessionPlan _plan;
        private readonly string _sessionId;
        private readonly string? _agentId;
        private readonly string _version;
        private readonly string _branch;
        private long _flushed;

        public TranscriptWriter(string path, Random random, SessionPlan plan, string sessionId, string? agentId)
        {
            _file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1, FileOptions.SequentialScan);
            _json = new Utf8JsonWriter(_buffer, Options);
            _random = random;
            _plan = plan;
            _sessionId = sessionId;
            _agentId = agentId;
            _version = Vocabulary.Versions[random.Next(Vocabulary.Versions.Length)];
            _branch = Vocabulary.Branches[random.Next(Vocabulary.Branches.Length)];
            Now = plan.Start;
        }

        public string? Leaf { get; set; }

        public DateTimeOffset Now { get; private set; }

        public long Bytes => _flushed + _buffer.WrittenCount;

        public long Records { get; private set; }

        public Utf8JsonWriter Json => _json;

        /// <summary>Starts a record: the shared fields, chained to the previous record unless <paramref name="chained"/> is false.</summary>
        public Utf8JsonWriter Begin(string type, bool chained = true)
        {
            _json.WriteStartObject();
            if (chained && Leaf is not null)
            {
                _json.WriteString("parentUuid", Leaf);
            }
            else
            {
                _json.WriteNull("parentUuid");
            }

            _json.WriteBoolean("isSidechain", _agentId is not null);
            _json.WriteString("userType", "external");
            _json.WriteString("cwd", _plan.Project.Cwd);
            _json.WriteString("sessionId", _sessionId);
            _json.WriteString("version", _version);
            _json.WriteString("gitBranch", _branch);
            if (_agentId is not null)
            {
                _json.WriteString("agentId", _agentId);
            }

            _json.WriteString("type", type);
            return _json;
        }

        /// <summary>Ends a record with its uuid and a timestamp a little after the last one.</summary>
        public void End(int minSeconds = 1, int maxSeconds = 20)
        {
            Leaf = NewUuid(_random);
            Now = Now.AddMilliseconds(_random.Next(minSeconds * 1000, maxSeconds * 1000));
            _json.WriteString("uuid", Leaf);
            _json.WriteString("timestamp", Now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            _json.WriteEndObject();
            EndLine();
        }

        /// <summary>Ends a record that is outside the chain (summaries).</summary>
        public void EndLine()
        {
            _json.Flush();
            _json.Reset();
            _buffer.GetSpan(1)[0] = (byte)'\n';
            _buffer.Advance(1);
            Records++;
            if (_buffer.WrittenCount >= FlushBytes)
            {
                Flush();
            }
        }

        public void Dispose()
        {
            Flush();
            _json.Dispose();
            _file.Dispose();
        }

        private void Flush()
        {
            _file.Write(_buffer.WrittenSpan);
            _flushed += _buffer.WrittenCount;
            _buffer.ResetWrittenCount();
        }

        public static string NewUuid(Random random)
        {
            Span<byte> bytes = stackalloc byte[16];
            random.NextBytes(bytes);
            bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
            bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
            return new Guid(bytes).ToString("D");
        }

        public static string NewHex(Random random, int length) => string.Create(length, random, static (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = "0123456789abcdef"[r.Next(16)];
            }
        });

        public static string NewId(Random random, string prefix, int length) => string.Create(prefix.Length + length, (random, prefix), static (span, state) =>
        {
            state.prefix.CopyTo(span);
            for (var i = state.prefix.Length; i < span.Length; i++)
            {
                span[i] = Base62[state.random.Next(Base62.Length)];
            }
        });
    }
}
