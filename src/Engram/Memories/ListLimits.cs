using Engram.Errors;

namespace Engram.Memories;

/// <summary>Page-size rules of the compatible API.</summary>
internal static class ListLimits
{
    public const int Default = 20;
    public const int Max = 100;

    /// <summary>With <c>view=full</c> a page holds at most this many items (content can be 100 KB each).</summary>
    public const int MaxWithContent = 20;

    /// <summary>The page size to use: default 20, 1 to 100, capped at 20 when content is included.</summary>
    public static int Resolve(int? limit, MemoryView view = MemoryView.Basic)
    {
        var value = limit ?? Default;
        if (value is < 1 or > Max)
        {
            throw new InvalidRequestException("limit", $"must be between 1 and {Max} (got {value})");
        }

        return view == MemoryView.Full ? Math.Min(value, MaxWithContent) : value;
    }
}
