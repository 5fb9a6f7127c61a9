using System.Text.Json;

namespace Engram.Sessions.Formats;

/// <summary>
/// Reading a record whose shape nothing guarantees. <see cref="JsonElement.TryGetProperty(string, out JsonElement)"/>
/// and <see cref="JsonElement.TryGetInt64(out long)"/> throw <see cref="InvalidOperationException"/> on a value of
/// another kind (a tool call that is a string, an exit code that is text), so the readers ask through these, which
/// answer false instead: a record of the wrong shape is read as one without that field.
/// </summary>
internal static class JsonFields
{
    /// <summary>The property <paramref name="name"/> of <paramref name="element"/> when it is an object that has one; false for any other value.</summary>
    public static bool TryGetField(this JsonElement element, string name, out JsonElement value)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            return element.TryGetProperty(name, out value);
        }

        value = default;
        return false;
    }

    /// <summary>The value as a 64-bit integer when it is a number that is one; false for any other value.</summary>
    public static bool TryGetLong(this JsonElement element, out long value)
    {
        if (element.ValueKind == JsonValueKind.Number)
        {
            return element.TryGetInt64(out value);
        }

        value = 0;
        return false;
    }
}
