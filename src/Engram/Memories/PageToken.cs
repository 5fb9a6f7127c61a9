using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Engram.Errors;
using Engram.Storage;

namespace Engram.Memories;

/// <summary>
/// Opaque <c>page</c> tokens. A token names the position after the last item returned (a path, or a
/// creation time and id), never an offset, so pages stay stable while the list changes underneath.
/// </summary>
internal static class PageToken
{
    private const string Rule = "is not a page token from this list (pass back next_page exactly as returned)";

    public static string For(TimeIdCursor cursor) =>
        Encode(string.Create(CultureInfo.InvariantCulture, $"t|{cursor.CreatedAt.UtcTicks}|{cursor.Id}"));

    public static string For(PathBound bound) => Encode($"p|{(bound.Inclusive ? '1' : '0')}|{bound.Path}");

    public static TimeIdCursor? ParseTimeId(string? token, string field = "page")
    {
        if (token is null)
        {
            return null;
        }

        var parts = Decode(token, field).Split('|', 3);
        return parts is ["t", var ticks, var id]
            && long.TryParse(ticks, NumberStyles.None, CultureInfo.InvariantCulture, out var t)
            && t is >= 0 and <= 3155378975999999999
            && id.Length > 0
                ? new TimeIdCursor(new DateTimeOffset(t, TimeSpan.Zero), id)
                : throw new InvalidRequestException(field, Rule);
    }

    /// <summary>A position in an ordered sequence (a session's events).</summary>
    public static string For(long index) => Encode(string.Create(CultureInfo.InvariantCulture, $"i|{index}"));

    public static long ParseIndex(string? token, string field = "page")
    {
        if (token is null)
        {
            return 0;
        }

        var parts = Decode(token, field).Split('|', 2);
        return parts is ["i", var text] && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? index
            : throw new InvalidRequestException(field, Rule);
    }

    public static PathBound? ParsePath(string? token, string field = "page")
    {
        if (token is null)
        {
            return null;
        }

        var parts = Decode(token, field).Split('|', 3);
        return parts is ["p", "0" or "1", var path] && path.StartsWith('/')
            ? new PathBound(path, parts[1] == "1")
            : throw new InvalidRequestException(field, Rule);
    }

    private static string Encode(string text) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));

    private static string Decode(string token, string field)
    {
        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        }
        catch (FormatException)
        {
            throw new InvalidRequestException(field, Rule);
        }
    }
}
