using System.Text.Json;
using System.Text.Json.Serialization;
using Engram.Access;
using Engram.Memories;

namespace Engram.Json;

/// <summary>Base for converters that only write: Engram never reads its own objects back from JSON.</summary>
internal abstract class WriteOnlyConverter<T> : JsonConverter<T>
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException($"{typeof(T).Name} is written, never read, by Engram's wire JSON");

    protected static void WriteTime(Utf8JsonWriter writer, string name, DateTimeOffset? value)
    {
        if (value is { } time)
        {
            writer.WriteString(name, WireJson.Time(time));
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}

internal sealed class MemoryStoreConverter : WriteOnlyConverter<MemoryStore>
{
    public override void Write(Utf8JsonWriter writer, MemoryStore value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "memory_store");
        writer.WriteString("id", value.Id);
        writer.WriteString("name", value.Name);
        writer.WriteString("description", value.Description);
        writer.WriteStartObject("metadata");
        foreach (var (key, item) in value.Metadata)
        {
            writer.WriteString(key, item);
        }

        writer.WriteEndObject();
        WriteTime(writer, "created_at", value.CreatedAt);
        WriteTime(writer, "updated_at", value.UpdatedAt);
        WriteTime(writer, "archived_at", value.ArchivedAt);
        writer.WriteEndObject();
    }
}

internal sealed class MemoryListItemConverter : WriteOnlyConverter<MemoryListItem>
{
    public override bool CanConvert(Type typeToConvert) => typeof(MemoryListItem).IsAssignableFrom(typeToConvert);

    public override void Write(Utf8JsonWriter writer, MemoryListItem value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        if (value is Memory memory)
        {
            writer.WriteString("type", "memory");
            writer.WriteString("id", memory.Id);
            writer.WriteString("memory_store_id", memory.MemoryStoreId);
            writer.WriteString("path", memory.Path);
            writer.WriteString("content", memory.Content);
            writer.WriteString("content_sha256", memory.ContentSha256);
            writer.WriteNumber("content_size_bytes", memory.ContentSizeBytes);
            writer.WriteString("memory_version_id", memory.MemoryVersionId);
            WriteTime(writer, "created_at", memory.CreatedAt);
            WriteTime(writer, "updated_at", memory.UpdatedAt);
        }
        else
        {
            writer.WriteString("type", "memory_prefix");
            writer.WriteString("path", value.Path);
        }

        writer.WriteEndObject();
    }
}

internal sealed class MemoryVersionConverter : WriteOnlyConverter<MemoryVersion>
{
    public override void Write(Utf8JsonWriter writer, MemoryVersion value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "memory_version");
        writer.WriteString("id", value.Id);
        writer.WriteString("memory_id", value.MemoryId);
        writer.WriteString("memory_store_id", value.MemoryStoreId);
        writer.WriteString("operation", Operation(value.Operation));
        writer.WriteString("path", value.Path);
        writer.WriteString("content", value.Content);
        writer.WriteString("content_sha256", value.ContentSha256);
        if (value.ContentSizeBytes is { } size)
        {
            writer.WriteNumber("content_size_bytes", size);
        }
        else
        {
            writer.WriteNull("content_size_bytes");
        }

        WriteTime(writer, "created_at", value.CreatedAt);
        writer.WritePropertyName("created_by");
        JsonSerializer.Serialize(writer, value.CreatedBy, options);
        WriteTime(writer, "redacted_at", value.RedactedAt);
        writer.WritePropertyName("redacted_by");
        JsonSerializer.Serialize(writer, value.RedactedBy, options);
        writer.WriteString("reason", value.Reason);
        writer.WriteString("api_key_id", value.ApiKeyId);
        writer.WriteEndObject();
    }

    /// <summary>The wire name of an operation.</summary>
    public static string Operation(VersionOperation operation) => operation switch
    {
        VersionOperation.Created => "created",
        VersionOperation.Modified => "modified",
        _ => "deleted",
    };
}

internal sealed class ActorConverter : WriteOnlyConverter<Actor>
{
    public override void Write(Utf8JsonWriter writer, Actor value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("type", value.WireType);
        writer.WriteString(value.WireIdField, value.Id);
        writer.WriteEndObject();
    }
}

internal sealed class PageConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(Page<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(PageConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;

    private sealed class PageConverter<T> : WriteOnlyConverter<Page<T>>
    {
        public override void Write(Utf8JsonWriter writer, Page<T> value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            writer.WritePropertyName("data");
            writer.WriteStartArray();
            foreach (var item in value.Data)
            {
                JsonSerializer.Serialize(writer, item, options);
            }

            writer.WriteEndArray();
            writer.WriteString("next_page", value.NextPage);
            writer.WriteEndObject();
        }
    }
}
