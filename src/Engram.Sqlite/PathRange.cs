namespace Engram.Sqlite;

/// <summary>Range bounds that turn "path starts with prefix" into an index range scan.</summary>
internal static class PathRange
{
    /// <summary>
    /// The smallest string greater than every string that starts with <paramref name="prefix"/>, for a
    /// prefix that ends in '/': the same text with its last '/' replaced by '0', the next character.
    /// SQLite compares text as UTF-8 bytes, so the range is exact.
    /// </summary>
    public static string UpperBound(string prefix) =>
        prefix.EndsWith('/')
            ? string.Concat(prefix.AsSpan(0, prefix.Length - 1), "0")
            : throw new ArgumentException("a path prefix ends with '/'", nameof(prefix));
}
