using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Engram.Json;

/// <summary>
/// The JSON shapes of the compatible API (snake_case fields, <c>type</c> tags, RFC 3339 times), used by
/// every face that prints or serves objects, so the CLI's <c>--json</c> and the HTTP API agree.
/// </summary>
public static class WireJson
{
    /// <summary>Serializer options with Engram's wire converters.</summary>
    public static JsonSerializerOptions Options { get; } = Create(indented: false);

    /// <summary>The same, indented for people.</summary>
    public static JsonSerializerOptions Indented { get; } = Create(indented: true);

    /// <summary>RFC 3339 in UTC with microseconds, the precision Engram stores.</summary>
    public static string Time(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DictionaryKeyPolicy = null,
            WriteIndented = indented,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        };
        options.Converters.Add(new MemoryStoreConverter());
        options.Converters.Add(new MemoryListItemConverter());
        options.Converters.Add(new MemoryVersionConverter());
        options.Converters.Add(new ActorConverter());
        options.Converters.Add(new PageConverterFactory());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
