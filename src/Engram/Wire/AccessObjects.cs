using System.Text.Json.Serialization;

namespace Engram.Wire;

/// <summary>Extension: a principal (<c>user</c> or <c>service_account</c>) that can hold API keys.</summary>
internal sealed record PrincipalJson(string Id, string Kind, string Name, string Role, DateTimeOffset CreatedAt)
{
    /// <summary>Always <c>principal</c>.</summary>
    [JsonPropertyOrder(-1)]
    public string Type => "principal";
}

/// <summary>Extension: an API key. <see cref="Secret"/> is set only in the response that creates the key.</summary>
internal sealed record ApiKeyJson(
    string Id,
    string PrincipalId,
    string Name,
    string Hint,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Secret = null)
{
    /// <summary>Always <c>api_key</c>.</summary>
    [JsonPropertyOrder(-1)]
    public string Type => "api_key";
}
