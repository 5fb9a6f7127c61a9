using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Engram.Sessions.Formats;

/// <summary>What a <see cref="JsonRecord"/> holds.</summary>
internal enum JsonRecordKind
{
    /// <summary>A record: a JSON Lines line, or an element of the file's top-level (or container) array; always an object.</summary>
    Element,

    /// <summary>A top-level property of a container object other than its array (<c>model</c>, <c>system</c>).</summary>
    Property,

    /// <summary>A record that could not be used; <see cref="JsonRecord.Reason"/> says why.</summary>
    Skipped,
}

/// <summary>
/// One record of a JSON transcript. <see cref="Value"/> is valid only until the next record is requested:
/// readers copy out the strings they keep.
/// </summary>
/// <param name="Kind">What the record holds.</param>
/// <param name="Line">The line it starts on (JSON Lines), or its 1-based element index (JSON documents).</param>
/// <param name="Index">1-based count of elements so far, whatever the layout: stable keys for formats without ids.</param>
/// <param name="Value">The record (an object for elements; any value for properties; default for skipped).</param>
/// <param name="Raw">The record's JSON text as read.</param>
/// <param name="Name">For properties: the property's name; for elements of a container's array: that array's property name.</param>
/// <param name="Reason">For skipped records: why.</param>
internal readonly record struct JsonRecord(JsonRecordKind Kind, long Line, long Index, JsonElement Value, string Raw, string? Name = null, string? Reason = null);

/// <summary>
/// Streams the records of JSON transcripts, whatever their layout: JSON Lines (one record a line), a top-level
/// JSON array, or an object holding the records in an array property (<c>{"data": [...]}</c>,
/// <c>{"messages": [...]}</c>). Memory is bounded by the largest record, never the file; invalid UTF-8 is
/// replaced; a document cut short yields the records before the cut and one skipped record.
/// </summary>
internal static partial class JsonDocuments
{
    /// <summary>Read size for JSON documents: large enough that the file system, not the loop, bounds throughput.</summary>
    private const int ReadChars = 1 << 18;

    private static readonly UTF8Encoding Lenient = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The records of <paramref name="path"/>; objects whose <paramref name="arrayProperties"/> hold an array are containers and yield that array's elements.</summary>
    public static async IAsyncEnumerable<JsonRecord> ReadAsync(string path, IReadOnlyList<string> arrayProperties, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var records = await IsDocumentAsync(path, cancellationToken).ConfigureAwait(false)
            ? ReadDocumentAsync(path, arrayProperties, cancellationToken)
            : ReadLinesAsync(path, arrayProperties, cancellationToken);
        await foreach (var record in records.ConfigureAwait(false))
        {
            yield return record;
        }
    }

    /// <summary>The records of a JSON Lines file: one a line, a container line yielding its array's elements.</summary>
    public static async IAsyncEnumerable<JsonRecord> ReadLinesAsync(string path, IReadOnlyList<string> arrayProperties, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var index = 0L;
        await foreach (var line in JsonLines.ReadAsync(path, 0, cancellationToken).ConfigureAwait(false))
        {
            using var document = TranscriptJson.Parse(line, out var problem);
            if (document is null)
            {
                yield return Skip(line.Number, problem!);
                continue;
            }

            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                yield return Skip(line.Number, "not a JSON object");
                continue;
            }

            if (ContainerArray(root, arrayProperties) is null)
            {
                yield return new JsonRecord(JsonRecordKind.Element, line.Number, ++index, root, line.Text);
                continue;
            }

            foreach (var property in root.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.Array || !arrayProperties.Contains(property.Name))
                {
                    yield return new JsonRecord(JsonRecordKind.Property, line.Number, index, property.Value, property.Value.GetRawText(), property.Name);
                }
            }

            // Every container array, in the order the object holds them, as a document would yield them.
            foreach (var property in root.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.Array || !arrayProperties.Contains(property.Name))
                {
                    continue;
                }

                foreach (var element in property.Value.EnumerateArray())
                {
                    yield return element.ValueKind == JsonValueKind.Object
                        ? new JsonRecord(JsonRecordKind.Element, line.Number, ++index, element, element.GetRawText(), property.Name)
                        : Skip(line.Number, "not a JSON object");
                }
            }
        }
    }

    /// <summary>The records of a JSON document (a top-level array, or a container object), streamed element by element.</summary>
    public static async IAsyncEnumerable<JsonRecord> ReadDocumentAsync(string path, IReadOnlyList<string> arrayProperties, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(OpenRead(path), Lenient, detectEncodingFromByteOrderMarks: false);
        var parser = new DocumentParser(arrayProperties);
        var chars = new char[ReadChars];
        var buffer = new byte[Lenient.GetMaxByteCount(ReadChars)];
        var length = 0;
        var settled = 0; // bytes whose lone surrogate escapes are replaced: the parser sees no further
        var output = new List<JsonRecord>();
        var first = true;
        while (!parser.Done)
        {
            var read = await reader.ReadAsync(chars, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                output.Add(parser.Truncated());
            }
            else
            {
                var text = chars.AsSpan(0, read);
                if (first && text[0] == '\uFEFF')
                {
                    text = text[1..]; // a byte order mark some editors write
                }

                first = false;
                var needed = length + Lenient.GetByteCount(text);
                if (needed > buffer.Length)
                {
                    Array.Resize(ref buffer, Math.Max(needed, Math.Min(buffer.Length * 2, TranscriptJson.MaxRecordBytes + Lenient.GetMaxByteCount(ReadChars))));
                }

                length += Lenient.GetBytes(text, buffer.AsSpan(length));
                settled += JsonEscapes.ReplaceLoneSurrogates(buffer.AsSpan(settled, length - settled), final: false);
                var consumed = parser.Step(buffer.AsSpan(0, settled), output);
                buffer.AsSpan(consumed, length - consumed).CopyTo(buffer);
                length -= consumed;
                settled -= consumed;
                if (length > TranscriptJson.MaxRecordBytes)
                {
                    output.Add(parser.TooLong()); // a document cannot be read past a record it did not read
                }
            }

            foreach (var record in output)
            {
                yield return record;
            }

            output.Clear();
        }
    }

    /// <summary>The records complete within a format-detection sample (cloned, so they outlive it).</summary>
    public static IReadOnlyList<JsonRecord> Sample(TranscriptSample sample, IReadOnlyList<string> arrayProperties)
    {
        var records = new List<JsonRecord>();
        if (sample.Lines.Count > 0 && FirstLineIsComplete(sample.Lines[0]))
        {
            foreach (var line in sample.Lines)
            {
                using var document = TranscriptJson.TryParse(line);
                if (document?.RootElement is not { ValueKind: JsonValueKind.Object } root)
                {
                    continue;
                }

                if (ContainerArray(root, arrayProperties) is { } array)
                {
                    records.AddRange(array.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object)
                        .Select(e => new JsonRecord(JsonRecordKind.Element, 1, records.Count + 1, e.Clone(), "")));
                }
                else
                {
                    records.Add(new JsonRecord(JsonRecordKind.Element, records.Count + 1, records.Count + 1, root.Clone(), ""));
                }
            }

            return records;
        }

        var head = sample.Head.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        new DocumentParser(arrayProperties).Step(Encoding.UTF8.GetBytes(head), records);
        records.RemoveAll(r => r.Kind == JsonRecordKind.Skipped);
        return records;
    }

    /// <summary>True when the sample is JSON Lines (its first line is a whole JSON value), false for a JSON document.</summary>
    public static bool SampleIsLines(TranscriptSample sample) => sample.Lines.Count > 0 && FirstLineIsComplete(sample.Lines[0]);

    /// <summary>A shell tool's input, <c>{"command": "..."}</c>, for formats whose agents write bare commands.</summary>
    public static string CommandInput(string command) => JsonSerializer.Serialize(new Dictionary<string, string> { ["command"] = command }, Readable);

    /// <summary>
    /// <paramref name="text"/> when it is JSON (tool arguments usually are; lone surrogate escapes replaced, so it reads
    /// back without failing), else a JSON string holding it: either way valid JSON.
    /// </summary>
    public static string AsJson(string text)
    {
        using var document = TranscriptJson.TryParse(text);
        return document is null ? JsonSerializer.Serialize(text, Readable) : JsonEscapes.ReplaceLoneSurrogates(text);
    }

    /// <summary>A timestamp property (RFC 3339 / ISO 8601 string), or null when missing or unreadable.</summary>
    public static DateTimeOffset? Timestamp(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetField(name, out var value) &&
        value.ValueKind == JsonValueKind.String && value.TryGetDateTimeOffset(out var timestamp)
            ? timestamp
            : null;

    /// <summary>A Unix time in seconds (an integer or a fraction) at <paramref name="name"/>, or null when missing or out of range.</summary>
    public static DateTimeOffset? UnixSeconds(JsonElement element, string name)
    {
        const double Latest = 253_402_300_799; // 9999-12-31T23:59:59Z, the last second DateTimeOffset holds
        return element.ValueKind == JsonValueKind.Object && element.TryGetField(name, out var value)
            && value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var seconds) && seconds is > 0 and < Latest
                ? DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000))
                : null;
    }

    /// <summary>Widens [<paramref name="start"/>, <paramref name="end"/>] to include <paramref name="timestamp"/>.</summary>
    public static void Widen(ref DateTimeOffset? start, ref DateTimeOffset? end, DateTimeOffset? timestamp)
    {
        if (timestamp is not { } value)
        {
            return;
        }

        start = start is { } s && s <= value ? s : value;
        end = end is { } e && e >= value ? e : value;
    }

    private static JsonRecord Skip(long line, string reason) => new(JsonRecordKind.Skipped, line, 0, default, "", Reason: reason);

    private static JsonElement? ContainerArray(JsonElement root, IReadOnlyList<string> arrayProperties)
    {
        foreach (var name in arrayProperties)
        {
            if (root.TryGetField(name, out var array) && array.ValueKind == JsonValueKind.Array)
            {
                return array;
            }
        }

        return null;
    }

    private static FileStream OpenRead(string path) => new(path, new FileStreamOptions
    {
        Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.ReadWrite | FileShare.Delete, Options = FileOptions.SequentialScan,
    });

    /// <summary>
    /// A document starts with '[' or with a first line that is not a whole JSON value (pretty-printed <c>{</c>), judged
    /// from the file's detection sample: a first line the sample does not see the end of (longer than the sample, or the
    /// whole file) is a record of JSON Lines, or a one-line document, which the line reader reads alike.
    /// </summary>
    private static async Task<bool> IsDocumentAsync(string path, CancellationToken cancellationToken)
    {
        var sample = await TranscriptFormats.SampleAsync(path, cancellationToken).ConfigureAwait(false);
        if (sample.Lines.Count == 0)
        {
            return false;
        }

        var first = sample.Lines[0];
        var text = first.TrimStart();
        var ended = sample.Head.IndexOf('\n', sample.Head.IndexOf(first, StringComparison.Ordinal)) >= 0;
        return text.StartsWith('[') || (text.StartsWith('{') && ended && !FirstLineIsComplete(text));
    }

    private static bool FirstLineIsComplete(string line)
    {
        var text = line.TrimStart('\uFEFF', ' ', '\t');
        if (text.StartsWith('['))
        {
            return false;
        }

        var reader = TranscriptJson.Reader(Encoding.UTF8.GetBytes(text), isFinalBlock: false);
        try
        {
            return reader.Read() && reader.TrySkip() && (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray) || reader.CurrentDepth == 0);
        }
        catch (JsonException)
        {
            // Not JSON at all: a bad line of a JSON Lines file, which the line reader reports.
            return true;
        }
    }
}
