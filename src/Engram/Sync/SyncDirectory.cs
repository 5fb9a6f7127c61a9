using System.Globalization;
using System.Security.Cryptography;

namespace Engram.Sync;

/// <summary>
/// The local side of a sync: a directory whose files mirror a store's paths. Writes are atomic (a hidden
/// temporary file renamed over the target), so an editor or a kill never sees half a file.
/// </summary>
internal sealed partial class SyncDirectory(string root, TimeProvider time)
{
    /// <summary>Where a conflicting local edit is kept: beside its file, named by when the conflict was found.</summary>
    public const string ConflictMarker = ".conflict-";

    private const UnixFileMode ReadOnlyMode = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode WritableMode = ReadOnlyMode | UnixFileMode.UserWrite;

    private static readonly char[] InvalidNameCharacters = Path.GetInvalidFileNameChars();

    private string? _realRoot;

    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>
    /// Every file that mirrors a store path, by store path, with its content hash; a file whose size and write
    /// time are those <paramref name="known"/> recorded is not read again. Hidden files, editor backups and
    /// conflict copies are not listed (nor, being hidden, the marker sync keeps at the root).
    /// </summary>
    public Dictionary<string, string> Scan(IReadOnlyDictionary<string, SyncedFile> known)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!Directory.Exists(Root))
        {
            return files;
        }

        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.None };
        foreach (var file in Directory.EnumerateFiles(Root, "*", options))
        {
            var relative = Path.GetRelativePath(Root, file);
            if (Ignored(relative))
            {
                continue;
            }

            var path = "/" + relative.Replace(Path.DirectorySeparatorChar, '/');
            if (known.TryGetValue(path, out var synced) && Stamp(path) is var (size, modified) && synced.Size == size && synced.Modified == modified)
            {
                files[path] = synced.Sha256;
            }
            else if (TryHash(file) is { } sha)
            {
                files[path] = sha;
            }
        }

        return files;
    }

    /// <summary>The store path a file under the directory mirrors, or null for files sync never pushes (hidden, backups, conflict copies, the marker).</summary>
    public string? StorePath(string fullPath)
    {
        var relative = Path.GetRelativePath(Root, fullPath);
        return relative == "." || relative.StartsWith("..", StringComparison.Ordinal) || Ignored(relative)
            ? null
            : "/" + relative.Replace(Path.DirectorySeparatorChar, '/');
    }

    /// <summary>The content hashes of the files at <paramref name="storePaths"/> that exist (the others are absent: deleted).</summary>
    public Dictionary<string, string> Hashes(IEnumerable<string> storePaths)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in storePaths)
        {
            if (File.Exists(FilePath(path)) && TryHash(FilePath(path)) is { } sha)
            {
                files[path] = sha;
            }
        }

        return files;
    }

    /// <summary>The file's bytes, or null when it is gone.</summary>
    public byte[]? Read(string storePath)
    {
        try
        {
            return File.ReadAllBytes(FilePath(storePath));
        }
        catch (Exception error) when (error is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Replaces (or creates) the file atomically with <paramref name="content"/>, read-only when asked.</summary>
    public void Write(string storePath, byte[] content, bool readOnly)
    {
        var target = FilePath(storePath);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temporary = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.engram-tmp-{Guid.NewGuid():N}");
        using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
        {
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, readOnly ? ReadOnlyMode : WritableMode);
        }

        File.Move(temporary, target, overwrite: true);
    }

    /// <summary>Deletes the file (a read-only one too) and any directories it leaves empty.</summary>
    public void Delete(string storePath)
    {
        var target = FilePath(storePath);
        if (File.Exists(target))
        {
            File.Delete(target);
        }

        for (var directory = Path.GetDirectoryName(target); directory is not null && directory.Length > Root.Length && Directory.Exists(directory) && !Directory.EnumerateFileSystemEntries(directory).Any(); directory = Path.GetDirectoryName(directory))
        {
            Directory.Delete(directory);
        }
    }

    /// <summary>Keeps <paramref name="content"/> beside the file as <c>NAME.conflict-TIME.EXT</c> and returns that file's path.</summary>
    public string KeepConflict(string storePath, byte[] content)
    {
        var target = FilePath(storePath);
        var stamp = time.GetUtcNow().ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture);
        var name = $"{Path.GetFileNameWithoutExtension(target)}{ConflictMarker}{stamp}{Path.GetExtension(target)}";
        var conflict = Path.Combine(Path.GetDirectoryName(target)!, name);
        Directory.CreateDirectory(Path.GetDirectoryName(conflict)!);
        File.WriteAllBytes(conflict, content);
        return conflict;
    }

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

    private string FilePath(string storePath) => Path.Combine(Root, storePath.TrimStart('/').Replace('/', Path.DirectorySeparatorChar));

    private static string? TryHash(string file)
    {
        try
        {
            using var stream = File.OpenRead(file);
            return Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        catch (IOException)
        {
            return null; // being written or gone: the next run sees it
        }
    }
}
