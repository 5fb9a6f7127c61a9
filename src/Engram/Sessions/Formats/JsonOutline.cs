using System.Text;
using System.Text.Json;

namespace Engram.Sessions.Formats;

/// <summary>
/// The shape of the start of a JSON document, read from a detection sample without parsing the document: the
/// paths of the properties it holds (<c>info/config/agent</c>; an array's first element is <c>0</c>, as in
/// <c>trajectory/0/action</c>) and the string values at those paths. A document cut short by the sample's size
/// limit gives what came before the cut, so formats whose documents open with a large record can still be told
/// apart by the keys that record starts with.
/// </summary>
internal sealed class JsonOutline
{
    /// <summary>How deep paths are kept: enough for a run's configuration (<c>info/config/agent/...</c>), bounded so a deep document costs nothing.</summary>
    private const int MaxDepth = 4;

    private readonly HashSet<string> _paths = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    private JsonOutline()
    {
    }

    /// <summary>The outline of <paramref name="head"/>, or null when it does not start a JSON object.</summary>
    public static JsonOutline? Of(string head)
    {
        var text = head.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (!text.StartsWith('{'))
        {
            return null;
        }

        var outline = new JsonOutline();
        outline.Read(Encoding.UTF8.GetBytes(text));
        return outline;
    }

    /// <summary>The document has a property at <paramref name="path"/> (within the first element of any array on the way).</summary>
    public bool Has(string path) => _paths.Contains(path);

    /// <summary>The string at <paramref name="path"/>, or null when there is none (or it was cut off).</summary>
    public string? Value(string path) => _values.GetValueOrDefault(path);

    private void Read(byte[] utf8)
    {
        var reader = TranscriptJson.Reader(utf8, isFinalBlock: false);
        var frames = new List<Frame>();
        string? property = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        property = reader.GetString();
                        if (frames.Count <= MaxDepth && InFirstElements(frames))
                        {
                            _paths.Add(PathOf(frames, property!));
                        }

                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        frames.Add(new Frame(Segment(frames, property), reader.TokenType == JsonTokenType.StartArray));
                        property = null;
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        frames.RemoveAt(frames.Count - 1);
                        break;
                    default:
                        if (reader.TokenType == JsonTokenType.String && property is not null && frames.Count <= MaxDepth && InFirstElements(frames))
                        {
                            _values.TryAdd(PathOf(frames, property), reader.GetString()!);
                        }

                        _ = Segment(frames, property); // counts the element when the value is in an array
                        property = null;
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // The head is not JSON past this point: what came before is the outline.
        }
        catch (InvalidOperationException)
        {
            // A string cut inside an escape: likewise.
        }
    }

    /// <summary>The path segment of a value: its property name in an object, its index in an array (counting it), none for the root.</summary>
    private static string Segment(List<Frame> frames, string? property)
    {
        if (frames.Count == 0)
        {
            return "";
        }

        var frame = frames[^1];
        if (!frame.IsArray)
        {
            return property ?? "";
        }

        return (frame.Elements++).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static bool InFirstElements(List<Frame> frames) => frames.TrueForAll(f => !f.IsArray || f.Elements <= 1);

    private static string PathOf(List<Frame> frames, string property)
    {
        var path = new StringBuilder();
        for (var i = 1; i < frames.Count; i++)
        {
            path.Append(frames[i].Segment).Append('/');
        }

        return path.Append(property).ToString();
    }

    private sealed class Frame(string segment, bool isArray)
    {
        public string Segment { get; } = segment;

        public bool IsArray { get; } = isArray;

        public int Elements { get; set; }
    }
}
