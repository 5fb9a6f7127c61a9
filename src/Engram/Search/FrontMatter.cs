using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Engram.Search;

/// <summary>
/// The YAML front matter of a memory (between <c>---</c> lines at the very top): <c>title</c>/<c>name</c>,
/// <c>description</c>, <c>tags</c>, <c>verified</c>, <c>expires</c>, <c>pin</c>. Parsed safely: a size cap,
/// no anchors or aliases (no alias bombs), a depth limit. Invalid front matter is reported, never fatal.
/// </summary>
internal sealed record FrontMatter(
    string? Title,
    string? Name,
    string? Description,
    IReadOnlyList<string> Tags,
    DateTimeOffset? Verified,
    DateTimeOffset? Expires,
    bool Pin,
    string? Error)
{
    /// <summary>Largest front matter block read, in characters: a memory's header, not a document.</summary>
    public const int MaxCharacters = 16_384;

    /// <summary>Deepest nesting accepted; the known fields are flat.</summary>
    public const int MaxDepth = 8;

    /// <summary>No front matter.</summary>
    public static readonly FrontMatter None = new(null, null, null, [], null, null, false, null);

    /// <summary>Splits <paramref name="content"/> into its front matter and the body after it.</summary>
    public static (FrontMatter FrontMatter, string Body) Parse(string content)
    {
        if (!content.StartsWith("---", StringComparison.Ordinal) || !IsDelimiterLine(content, 0, out var firstLineEnd))
        {
            return (None, content);
        }

        var end = FindClosing(content, firstLineEnd);
        if (end is null)
        {
            return (None with { Error = "front matter starts with --- but has no closing --- line" }, content);
        }

        var (yamlStart, yamlEnd, bodyStart) = (firstLineEnd, end.Value.Start, end.Value.After);
        var body = content[bodyStart..];
        if (yamlEnd - yamlStart > MaxCharacters)
        {
            return (None with { Error = $"front matter is larger than {MaxCharacters:N0} characters; it was not read" }, body);
        }

        try
        {
            return (Read(content[yamlStart..yamlEnd]), body);
        }
        // YamlDotNet reports some malformed input (a tag that is not a URI, say) with ArgumentException.
        catch (Exception error) when (error is YamlException or FormatException or InvalidOperationException or ArgumentException or OverflowException)
        {
            return (None with { Error = $"invalid front matter: {Short(error.Message)}" }, body);
        }
    }

    private static FrontMatter Read(string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        var fields = new Dictionary<string, object?>(StringComparer.Ordinal);
        var depth = 0;
        string? key = null;
        List<string>? list = null;
        parser.Consume<StreamStart>();
        if (parser.TryConsume<StreamEnd>(out _))
        {
            return None;
        }

        parser.Consume<DocumentStart>();
        while (!parser.TryConsume<DocumentEnd>(out _))
        {
            var item = parser.Current ?? throw new FormatException("unexpected end of front matter");
            parser.MoveNext();
            switch (item)
            {
                case AnchorAlias:
                    throw new FormatException("aliases are not allowed in front matter");
                case NodeEvent { Anchor.IsEmpty: false }:
                    throw new FormatException("anchors are not allowed in front matter");
                case MappingStart or SequenceStart when ++depth > MaxDepth:
                    throw new FormatException($"front matter nests deeper than {MaxDepth} levels");
                case MappingStart when depth == 1:
                    break;
                case SequenceStart when depth == 2 && key is not null:
                    list = [];
                    break;
                case MappingStart or SequenceStart:
                    key = null;
                    break;
                case MappingEnd or SequenceEnd:
                    if (list is not null && depth == 2 && key is not null)
                    {
                        fields[key] = list;
                        list = null;
                        key = null;
                    }

                    depth--;
                    break;
                case Scalar when depth == 0:
                    throw new FormatException("front matter must be a mapping of fields, such as title: and description:");
                case Scalar scalar when depth == 1 && key is null:
                    key = scalar.Value;
                    break;
                case Scalar scalar when depth == 1:
                    fields[key!] = scalar.Value;
                    key = null;
                    break;
                case Scalar scalar when depth == 2 && list is not null:
                    list.Add(scalar.Value);
                    break;
                case Scalar:
                    break;
                default:
                    throw new FormatException($"front matter must be a mapping of fields (found {item.GetType().Name})");
            }
        }

        return new FrontMatter(
            Text(fields, "title"),
            Text(fields, "name"),
            Text(fields, "description"),
            fields.TryGetValue("tags", out var tags) ? tags switch
            {
                List<string> many => many.Where(t => t.Length > 0).ToList(),
                string one when one.Length > 0 => one.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList(),
                _ => [],
            } : [],
            Date(fields, "verified"),
            Date(fields, "expires"),
            Text(fields, "pin") is "true" or "yes" or "True" or "on",
            null);
    }

    private static string? Text(Dictionary<string, object?> fields, string name) =>
        fields.TryGetValue(name, out var value) && value is string text && text.Length > 0 ? text : null;

    private static DateTimeOffset? Date(Dictionary<string, object?> fields, string name) =>
        Text(fields, name) is { } text
            ? DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
                ? date.ToUniversalTime()
                : throw new FormatException($"{name}: \"{Short(text)}\" is not a date (use 2026-11-25 or RFC 3339)")
            : null;

    private static bool IsDelimiterLine(string content, int start, out int nextLine)
    {
        var end = content.IndexOf('\n', start);
        var line = (end < 0 ? content[start..] : content[start..end]).TrimEnd('\r', ' ', '\t');
        nextLine = end < 0 ? content.Length : end + 1;
        return line == "---";
    }

    private static (int Start, int After)? FindClosing(string content, int from)
    {
        for (var start = from; start < content.Length;)
        {
            if (IsDelimiterLine(content, start, out var next))
            {
                return (start, next);
            }

            start = next;
        }

        return null;
    }

    private static string Short(string message) => message.Length <= 160 ? message : message[..157] + "...";
}
