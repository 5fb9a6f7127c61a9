using Engram.Errors;

namespace Engram.Memories;

/// <summary>Field rules for stores, as in the compatible API.</summary>
internal static class StoreRules
{
    public const int MaxNameCharacters = 255;        // the compatible API's limit
    public const int MaxDescriptionCharacters = 1_024; // rendered into agents' system prompts
    public const int MaxMetadataPairs = 16;
    public const int MaxMetadataKeyCharacters = 64;
    public const int MaxMetadataValueCharacters = 512;

    public static string ValidateName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new InvalidRequestException("name", "is required (1 to 255 characters)");
        }

        var length = UnicodeText.CountCharacters(name);
        if (UnicodeText.FindUnpairedSurrogate(name) >= 0)
        {
            throw new InvalidRequestException("name", "must be valid Unicode");
        }

        if (length > MaxNameCharacters)
        {
            throw new InvalidRequestException("name", $"must be 1 to {MaxNameCharacters} characters (got {length})");
        }

        return UnicodeText.HasControlCharacter(name)
            ? throw new InvalidRequestException("name", "must not contain control characters")
            : name;
    }

    public static string ValidateDescription(string? description) =>
        UnicodeText.RequireBoundedText(description ?? "", "description", MaxDescriptionCharacters);

    public static IReadOnlyDictionary<string, string> ValidateMetadata(IReadOnlyDictionary<string, string> metadata)
    {
        if (metadata.Count > MaxMetadataPairs)
        {
            throw new InvalidRequestException("metadata", $"must hold at most {MaxMetadataPairs} pairs (got {metadata.Count})");
        }

        foreach (var (key, value) in metadata)
        {
            var keyLength = UnicodeText.CountCharacters(key);
            if (keyLength is < 1 or > MaxMetadataKeyCharacters || UnicodeText.FindUnpairedSurrogate(key) >= 0)
            {
                throw new InvalidRequestException($"metadata.{key}", $"keys must be 1 to {MaxMetadataKeyCharacters} characters of valid Unicode");
            }

            if (UnicodeText.CountCharacters(value) > MaxMetadataValueCharacters || UnicodeText.FindUnpairedSurrogate(value) >= 0)
            {
                throw new InvalidRequestException($"metadata.{key}", $"values must be at most {MaxMetadataValueCharacters} characters of valid Unicode");
            }
        }

        return new SortedDictionary<string, string>(metadata.ToDictionary(), StringComparer.Ordinal);
    }
}
