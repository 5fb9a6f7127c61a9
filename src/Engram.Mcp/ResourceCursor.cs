using System.Text;
using Engram.Memories;

namespace Engram.Mcp;

/// <summary>
/// Where the next page of <c>resources/list</c> starts: a store (by id) and the page of its memories, opaque to the
/// client. Stores are walked in the stable order the list gives them, so a cursor stays good while they do.
/// </summary>
internal static class ResourceCursor
{
    private const char Separator = '\n';

    /// <summary>The cursor for page <paramref name="page"/> (null: the first) of store <paramref name="storeId"/>.</summary>
    public static string Of(string storeId, string? page) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(storeId + Separator + page)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The index in <paramref name="stores"/> and the page a cursor names; no cursor is the first page of the first store.</summary>
    public static (int Store, string? Page) Parse(string? cursor, IReadOnlyList<MemoryStore> stores)
    {
        if (cursor is null)
        {
            return (0, null);
        }

        string text;
        try
        {
            var base64 = cursor.Replace('-', '+').Replace('_', '/');
            text = Encoding.UTF8.GetString(Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=')));
        }
        catch (FormatException)
        {
            throw McpErrors.InvalidParams("cursor", "is not one this server gave; list again without it");
        }

        var separator = text.IndexOf(Separator, StringComparison.Ordinal);
        var index = separator < 0 ? -1 : stores.ToList().FindIndex(s => s.Id == text[..separator]);
        if (index < 0)
        {
            throw McpErrors.InvalidParams("cursor", "names a store that is no longer listed; list again without it");
        }

        return (index, separator + 1 < text.Length ? text[(separator + 1)..] : null);
    }
}
