namespace Engram.Sync;

/// <summary>
/// The file of one store path could not be read or written here (a name too long for the file system, a file in
/// the way of a directory, no permission). Sync reports it for that path and goes on with the others; it never
/// leaves the sync's own code.
/// </summary>
internal sealed class LocalPathException(string storePath, string reason) : Exception($"{storePath}: {reason}")
{
    public string StorePath { get; } = storePath;

    public string Reason { get; } = reason;

    /// <summary>The failure of <paramref name="error"/>, raised by the file system for <paramref name="storePath"/>, in words a person can act on.</summary>
    public static LocalPathException From(string storePath, Exception error) => new(storePath, error switch
    {
        PathTooLongException => "the name is too long for this file system; the memory stays in the store",
        UnauthorizedAccessException => $"permission denied ({error.Message})",
        _ => error.Message,
    });

    /// <summary>True for the failures the file system raises for one path (and so are reported for that path only).</summary>
    public static bool IsFileSystemFailure(Exception error) => error is IOException or UnauthorizedAccessException;
}
