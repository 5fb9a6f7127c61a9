using System.Globalization;
using System.Security.Cryptography;

namespace Engram.Sync;

/// <summary>
/// The local side of a sync: a directory whose files mirror a store's paths. Writes are atomic (a hidden
/// temporary file renamed over the target), so an editor or a kill never sees half a file. A failure of the
/// file system for one path is a <see cref="LocalPathException"/> for that path.
/// </summary>
internal sealed partial class SyncDirectory(string root, TimeProvider time)
{
    /// <summary>Where a conflicting local edit is kept: beside its file, named by when the conflict was found.</summary>
    public const string ConflictMarker = ".conflict-";

    /// <summary>How sync's temporary files start: hidden, so never pushed, and short, so a name near the file system's limit still fits.</summary>
    private const string TemporaryPrefix = ".engram-tmp-";

    private const UnixFileMode ReadOnlyMode = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode WritableMode = ReadOnlyMode | UnixFileMode.UserWrite;

    private static readonly char[] InvalidNameCharacters = Path.GetInvalidFileNameChars();

    private string? _realRoot;

    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>The store path a file under the directory mirrors, or null for files sync never pushes (hidden, backups, conflict copies, the marker).</summary>
    public string? StorePath(string fullPath)
    {
        var relative = Path.GetRelativePath(Root, fullPath);
        return relative == "." || relative.StartsWith("..", StringComparison.Ordinal) || Ignored(relative)
            ? null
            : "/" + relative.Replace(Path.DirectorySeparatorChar, '/');
    }

    /// <summary>The file's bytes, or null when it is gone; a link on the way is refused.</summary>
    public byte[]? Read(string storePath) => Guard(storePath, () =>
    {
        try
        {
            using var stream = OpenForReading(storePath, FilePath(storePath));
            using var content = new MemoryStream();
            stream.CopyTo(content);
            return content.ToArray();
        }
        catch (Exception error) when (error is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    });

    /// <summary>
    /// Replaces (or creates) the file atomically with <paramref name="content"/>, read-only when asked; a link on the way is
    /// refused. <paramref name="durable"/> flushes it to disk before the rename (sync's journal relies on it; a one-off copy
    /// such as an export, which a rerun repeats, need not pay an fsync per file).
    /// </summary>
    public void Write(string storePath, byte[] content, bool readOnly, bool durable = true) => Guard(storePath, () =>
    {
        CreateParents(storePath);
        WriteAtomically(storePath, FilePath(storePath), content, readOnly ? ReadOnlyMode : WritableMode, overwrite: true, durable);
        return true;
    });

    /// <summary>Deletes the file (a read-only one too) and any directories it leaves empty; a link is refused, never deleted or followed.</summary>
    public void Delete(string storePath) => Guard(storePath, () =>
    {
        RefuseLinks(storePath, withLeaf: false);
        var target = FilePath(storePath);
        var attributes = Attributes(target);
        if (attributes?.HasFlag(FileAttributes.ReparsePoint) == true)
        {
            throw new LocalPathException(storePath, LinkReason(storePath, new FileInfo(target)));
        }

        if (attributes?.HasFlag(FileAttributes.Directory) == true)
        {
            throw new LocalPathException(storePath, "a directory is here in place of the file; it is left alone");
        }

        if (attributes is not null)
        {
            File.Delete(target);
        }

        for (var directory = Path.GetDirectoryName(target); directory is not null && directory.Length > Root.Length && IsDirectory(directory) && !Directory.EnumerateFileSystemEntries(directory).Any(); directory = Path.GetDirectoryName(directory))
        {
            Directory.Delete(directory);
        }

        return true;
    });

    /// <summary>Keeps <paramref name="content"/> beside the file as <c>NAME.conflict-TIME.EXT</c> (never over another file) and returns that file's path.</summary>
    public string KeepConflict(string storePath, byte[] content) => Guard(storePath, () =>
    {
        var target = FilePath(storePath);
        var stamp = time.GetUtcNow().ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture);
        var name = $"{Path.GetFileNameWithoutExtension(target)}{ConflictMarker}{stamp}{Path.GetExtension(target)}";
        var conflict = Path.Combine(Path.GetDirectoryName(target)!, name);
        CreateParents(storePath);
        WriteAtomically(storePath, conflict, content, WritableMode, overwrite: false);
        return conflict;
    });

    /// <summary>The file's size and last write time (UTC ticks), or (-1, 0) when it is gone.</summary>
    public (long Size, long Modified) Stamp(string storePath)
    {
        var info = new FileInfo(FilePath(storePath));
        return info.Exists ? (info.Length, info.LastWriteTimeUtc.Ticks) : (-1, 0);
    }

    public static string Hash(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>
    /// Why the memory at <paramref name="storePath"/> is not kept as a file here, or null when it is. The same rule
    /// keeps local files out of the store, so a path is mirrored both ways or neither: a memory sync will not
    /// write is never taken for a file deleted here.
    /// </summary>
    public static string? WhyNotMirrored(string storePath)
    {
        var segments = storePath.TrimStart('/').Split('/');
        if (segments.Any(segment => segment.StartsWith('.')))
        {
            return "a segment starts with '.': hidden files are not kept in a sync directory";
        }

        if (storePath.EndsWith('~'))
        {
            return "the name ends with '~', as editor backups do: they are not kept in a sync directory";
        }

        if (storePath.Contains(ConflictMarker, StringComparison.Ordinal))
        {
            return $"the name holds '{ConflictMarker}', as sync's conflict copies do: they are not kept in a sync directory";
        }

        return segments.Any(segment => segment.IndexOfAny(InvalidNameCharacters) >= 0)
            ? "a segment holds a character this system does not allow in a file name"
            : null;
    }

    private static bool Ignored(string relative) => WhyNotMirrored("/" + relative.Replace(Path.DirectorySeparatorChar, '/')) is not null;

    /// <summary>Runs one file system operation for <paramref name="storePath"/>, turning its failure into that path's <see cref="LocalPathException"/>.</summary>
    private static T Guard<T>(string storePath, Func<T> operation)
    {
        try
        {
            return operation();
        }
        catch (Exception error) when (LocalPathException.IsFileSystemFailure(error))
        {
            throw LocalPathException.From(storePath, error);
        }
    }

    /// <summary>
    /// Writes <paramref name="content"/> to a new hidden file beside <paramref name="target"/> (created exclusively,
    /// so never through a link) and renames it over the target, which replaces a file but is refused for a link or
    /// a directory there.
    /// </summary>
    private void WriteAtomically(string storePath, string target, byte[] content, UnixFileMode mode, bool overwrite, bool durable = true)
    {
        var temporary = Path.Combine(Path.GetDirectoryName(target)!, $"{TemporaryPrefix}{Guid.NewGuid():N}");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                RefuseIfElsewhere(storePath, temporary, stream.SafeFileHandle);
                stream.Write(content);
                stream.Flush(flushToDisk: durable);
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(stream.SafeFileHandle, mode);
                }
            }

            var there = Attributes(target);
            if (there?.HasFlag(FileAttributes.ReparsePoint) == true)
            {
                throw new LocalPathException(storePath, LinkReason(storePath, new FileInfo(target)));
            }

            if (there?.HasFlag(FileAttributes.Directory) == true)
            {
                throw new LocalPathException(storePath, "a directory is here in place of the file; it is left alone");
            }

            File.Move(temporary, target, overwrite);
        }
        finally
        {
            File.Delete(temporary); // gone already when the move succeeded; never left behind when it failed
        }
    }

    /// <summary>Opens the file for reading after refusing a link on the way, and checks it opened the file meant.</summary>
    private FileStream OpenForReading(string storePath, string fullPath)
    {
        RefuseLinks(storePath, withLeaf: true);
        var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        try
        {
            RefuseIfElsewhere(storePath, fullPath, stream.SafeFileHandle);
            return stream;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    private string FilePath(string storePath) => Path.Combine(Root, storePath.TrimStart('/').Replace('/', Path.DirectorySeparatorChar));
}
