using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Engram.Sessions.Formats;

/// <summary>
/// Messages-API content (a string, or an array of blocks) as plain text, the way the formats that embed it
/// (Claude Code, hosted events, Messages conversations) need it: text blocks joined, images and documents
/// replaced by a short placeholder so base64 never reaches search or a model, nested tool results flattened.
/// </summary>
internal static class ContentBlocks
{
    /// <summary>The text of <paramref name="content"/>: a string as is; blocks' text joined by blank lines; null when there is none.</summary>
    public static string? ToText(JsonElement content)
    {
        switch (content.ValueKind)
        {
            case JsonValueKind.String:
                return content.GetString();
            case JsonValueKind.Array:
                var text = new StringBuilder();
                foreach (var block in content.EnumerateArray())
                {
                    if (BlockText(block) is { Length: > 0 } part)
                    {
                        if (text.Length > 0)
                        {
                            text.Append("\n\n");
                        }

                        text.Append(part);
                    }
                }

                return text.Length == 0 ? null : text.ToString();
            case JsonValueKind.Object:
                return BlockText(content);
            default:
                return null;
        }
    }

    /// <summary>The text of one block; a placeholder for images and documents; null for kinds that carry no text.</summary>
    public static string? BlockText(JsonElement block)
    {
        if (block.ValueKind == JsonValueKind.String)
        {
            return block.GetString();
        }

        if (block.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var type = String(block, "type");
        switch (type)
        {
            case "text":
                return String(block, "text");
            case "image" or "document":
                return Placeholder(type, block);
            case "tool_result":
                return block.TryGetField("content", out var nested) ? ToText(nested) : null;
            default:
                return String(block, "text");
        }
    }

    /// <summary>A string property, or null when it is missing or not a string.</summary>
    public static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetField(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Placeholder(string type, JsonElement block)
    {
        var mediaType = "unknown";
        var size = 0L;
        if (block.TryGetField("source", out var source) && source.ValueKind == JsonValueKind.Object)
        {
            mediaType = String(source, "media_type") ?? String(source, "type") ?? mediaType;
            if (String(source, "data") is { } data)
            {
                size = data.Length * 3L / 4; // base64 to bytes
            }
        }

        return size > 0
            ? string.Create(CultureInfo.InvariantCulture, $"[{type}: {mediaType}, {size:N0} bytes]")
            : $"[{type}: {mediaType}]";
    }
}
