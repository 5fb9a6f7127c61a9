using System.Globalization;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Engram.Mcp;

/// <summary>
/// Checks a tool call's arguments against the input schema the tool advertises before the SDK binds them: a required
/// argument that is missing (or null), or one of the wrong JSON type, is invalid params (-32602) naming it. Without
/// this the SDK's binder fails and the caller reads only "An error occurred invoking 'memory_view'". Values of the
/// right type that break a rule (a path outside /memories, a limit out of range) stay the tool's own results.
/// </summary>
internal static class ToolArguments
{
    /// <summary>The call-tool filter: checks, then calls the tool.</summary>
    public static McpRequestHandler<CallToolRequestParams, CallToolResult> Check(McpRequestHandler<CallToolRequestParams, CallToolResult> next) =>
        (request, cancellationToken) =>
        {
            if (request.MatchedPrimitive is McpServerTool tool)
            {
                Check(tool.ProtocolTool.InputSchema, request.Params?.Arguments);
            }

            return next(request, cancellationToken);
        };

    /// <summary>Throws invalid params for the first argument, in the schema's order, that <paramref name="schema"/> refuses.</summary>
    public static void Check(JsonElement schema, IDictionary<string, JsonElement>? arguments)
    {
        arguments ??= new Dictionary<string, JsonElement>();
        if (schema.TryGetProperty("required", out var required))
        {
            foreach (var name in required.EnumerateArray().Select(n => n.GetString()).OfType<string>())
            {
                if (!arguments.TryGetValue(name, out var value) || value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
                {
                    throw McpErrors.InvalidParams(name, "is required");
                }
            }
        }

        if (schema.TryGetProperty("properties", out var properties))
        {
            foreach (var property in properties.EnumerateObject())
            {
                if (arguments.TryGetValue(property.Name, out var value) && Refusal(property.Value, value, property.Name) is { } refusal)
                {
                    throw refusal;
                }
            }
        }
    }

    private static McpProtocolException? Refusal(JsonElement schema, JsonElement value, string field)
    {
        if (!schema.TryGetProperty("type", out var type))
        {
            return null;
        }

        var types = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()).ToList() : [type.GetString()];
        if (!types.Any(t => Is(t, value)))
        {
            return McpErrors.InvalidParams(field, $"must be {Describe(types, schema)} (got {Kind(value)})");
        }

        if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out var items))
        {
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                if (Refusal(items, item, $"{field}[{index++}]") is { } refusal)
                {
                    return refusal;
                }
            }
        }

        return null;
    }

    // What the SDK's binder takes: it reads numbers from strings too ("3" for an integer), but no fraction into an int.
    private static bool Is(string? type, JsonElement value) => type switch
    {
        "string" => value.ValueKind == JsonValueKind.String,
        "integer" => value.ValueKind == JsonValueKind.Number ? value.TryGetInt32(out _)
            : value.ValueKind == JsonValueKind.String && int.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
        "number" => value.ValueKind == JsonValueKind.Number
            || (value.ValueKind == JsonValueKind.String && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out _)),
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "array" => value.ValueKind == JsonValueKind.Array,
        "object" => value.ValueKind == JsonValueKind.Object,
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => true, // a type this check does not know is the binder's to judge
    };

    private static string Describe(List<string?> types, JsonElement schema) => string.Join(" or ", types.Where(t => t != "null").Select(t => t switch
    {
        "string" => "a string",
        "integer" => "an integer",
        "number" => "a number",
        "boolean" => "true or false",
        "array" when schema.TryGetProperty("items", out var items) && items.TryGetProperty("type", out var item) && item.ValueKind == JsonValueKind.String
            => $"an array of {item.GetString()}s",
        "array" => "an array",
        "object" => "an object",
        _ => t ?? "a value",
    }));

    // The kind of value, never the value of a string: a string argument may be a memory path.
    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };
}
