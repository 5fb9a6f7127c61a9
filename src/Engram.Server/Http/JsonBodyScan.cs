using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Engram.Errors;

namespace Engram.Server.Http;

/// <summary>
/// One pass over a JSON body before it is bound, for what binding would let through or misreport: a key given
/// twice in one object (binding keeps the last, so two readers of one body could disagree on what it says)
/// and strings that are not valid UTF-8 or hold an unpaired surrogate escape (binding calls those "not a
/// string"). Each is refused naming the field by its path in the body (<c>metadata.team</c>,
/// <c>events[3].text</c>). Syntax errors are left to binding, which reports them by line and byte.
/// </summary>
internal static class JsonBodyScan
{
    /// <summary>How deep a body may nest: System.Text.Json's own default, so the scan never refuses what binding would read.</summary>
    private const int MaxDepth = 64;

    /// <summary>Throws <see cref="InvalidRequestException"/> for the first duplicate key or invalid string in <paramref name="body"/>.</summary>
    public static void Check(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = MaxDepth });
        var containers = new List<Container>();
        string? key = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        containers.Add(new Container(Next(containers, key), reader.TokenType == JsonTokenType.StartObject));
                        key = null;
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        containers.RemoveAt(containers.Count - 1);
                        ValueDone(containers);
                        break;
                    case JsonTokenType.PropertyName:
                        var container = containers[^1];
                        key = Text(ref reader, containers, key: null, isKey: true);
                        if (!container.Keys!.Add(key))
                        {
                            throw new InvalidRequestException(PathOf(containers, key), "is given more than once; each key may appear once in an object");
                        }

                        break;
                    case JsonTokenType.String:
                        Text(ref reader, containers, key, isKey: false);
                        key = null;
                        ValueDone(containers);
                        break;
                    default:
                        key = null;
                        ValueDone(containers);
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON at all: binding reads it next and says where it breaks.
        }
    }

    /// <summary>
    /// The string at the reader, validated: raw bytes must be UTF-8, and escapes must make whole characters. A
    /// bad value is named by its path; a bad key by the object it is in ("metadata: a key must ...").
    /// </summary>
    private static string Text(ref Utf8JsonReader reader, List<Container> containers, string? key, bool isKey)
    {
        var raw = reader.ValueSpan;
        if (!Utf8.IsValid(raw))
        {
            var offset = reader.TokenStartIndex + 1 + FirstInvalid(raw);
            throw Invalid(containers, key, isKey, $"must be valid UTF-8 (invalid byte sequence at byte offset {offset} of the body)");
        }

        if (!reader.ValueIsEscaped)
        {
            return Encoding.UTF8.GetString(raw);
        }

        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // The raw bytes are valid, so what failed is an escape: \uD800 without its pair cannot be encoded.
            throw Invalid(containers, key, isKey, $"must be valid UTF-8 (the string at byte offset {reader.TokenStartIndex} of the body escapes half of a surrogate pair)");
        }
    }

    private static InvalidRequestException Invalid(List<Container> containers, string? key, bool isKey, string rule) =>
        isKey ? new InvalidRequestException(PathOf(containers, null), $"a key {rule}") : new InvalidRequestException(PathOf(containers, key), rule);

    private static int FirstInvalid(ReadOnlySpan<byte> bytes)
    {
        var index = 0;
        while (index < bytes.Length && Rune.DecodeFromUtf8(bytes[index..], out _, out var consumed) == OperationStatus.Done)
        {
            index += consumed;
        }

        return index;
    }

    /// <summary>Where the next value sits in its parent: the key just read, or the array's next index.</summary>
    private static Step Next(List<Container> containers, string? key) =>
        containers.Count == 0 ? default : containers[^1].IsObject ? new Step(key, null) : new Step(null, containers[^1].Count);

    private static void ValueDone(List<Container> containers)
    {
        if (containers.Count > 0 && !containers[^1].IsObject)
        {
            containers[^1].Count++;
        }
    }

    /// <summary>The field's path as messages name it: <c>metadata.team</c>, <c>events[3].text</c>, or <c>body</c> for the whole.</summary>
    private static string PathOf(List<Container> containers, string? key)
    {
        var path = new StringBuilder();
        foreach (var container in containers)
        {
            Append(path, container.At);
        }

        Append(path, containers.Count > 0 && !containers[^1].IsObject ? new Step(null, containers[^1].Count) : new Step(key, null));
        return path.Length == 0 ? "body" : path.ToString();
    }

    private static void Append(StringBuilder path, Step step)
    {
        if (step.Key is { } key)
        {
            path.Append(path.Length == 0 ? "" : ".").Append(key);
        }
        else if (step.Index is { } index)
        {
            path.Append(path.Length == 0 ? "body" : "").Append('[').Append(index).Append(']');
        }
    }

    /// <summary>How a container is reached from its parent.</summary>
    private readonly record struct Step(string? Key, int? Index);

    private sealed class Container(Step at, bool isObject)
    {
        public Step At { get; } = at;

        public bool IsObject { get; } = isObject;

        /// <summary>The keys seen so far (objects only).</summary>
        public HashSet<string>? Keys { get; } = isObject ? new HashSet<string>(StringComparer.Ordinal) : null;

        /// <summary>The values seen so far (arrays only): the index of the next one.</summary>
        public int Count { get; set; }
    }
}
