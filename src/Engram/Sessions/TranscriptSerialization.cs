using System.Text.Json;

namespace Engram.Sessions;

/// <summary>How transcript metadata is written where it is stored as JSON: snake_case, nulls left out.</summary>
internal static class TranscriptSerialization
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };
}
