using Engram.Errors;

namespace Engram.Memories;

/// <summary>Page-size rules of the compatible API.</summary>
internal static class ListLimits
{
    public const int Default = 20;
    public const int Max = 100;

    /// <summary>With <c>view=full</c> a page holds at most this many items (content can be 100 KB each).</summary>
    public const int MaxWithContent = 20;

    /// <summary>The page size to use: default 20, 1 to <paramref name="max"/> (100 unless a list says otherwise), capped at 20 when content is included.</summary>
    public static int Resolve(int? limit, MemoryView view = MemoryView.Basic, int max = Max)
    {
        var value = limit ?? Default;
        if (value < 1 || value > max)
        {
            throw new InvalidRequestException("limit", $"must be between 1 and {max:N0} (got {value})");
        }

        return view == MemoryView.Full ? Math.Min(value, MaxWithContent) : value;
    }
}
