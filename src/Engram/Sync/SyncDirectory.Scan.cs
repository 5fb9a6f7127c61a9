using System.Security.Cryptography;

namespace Engram.Sync;

/// <summary>Looking at the directory: what each mirrored path holds, told apart from what could not be read.</summary>
internal sealed partial class SyncDirectory
{
    private static readonly EnumerationOptions OneLevel = new() { RecurseSubdirectories = false, IgnoreInaccessible = false, AttributesToSkip = FileAttributes.None };

    /// <summary>
    /// Every file that mirrors a store path, with its content hash; a file whose size and write time are those
    /// <paramref name="known"/> recorded is not read again. Hidden files, editor backups and conflict copies are
    /// not listed (nor, being hidden, the marker sync keeps at the root). A link is listed as unusable and never
    /// followed, and so is a file or directory that cannot be read: nothing at or under one is taken for deleted.
    /// </summary>
    public LocalScan Scan(IReadOnlyDictionary<string, SyncedFile> known)
    {
        var scan = new LocalScan();
        if (Directory.Exists(Root))
        {
            Walk(new DirectoryInfo(Root), "", known, scan);
        }

        return scan;
    }

    /// <summary>What each of <paramref name="storePaths"/> holds here now (an absent path is in neither list).</summary>
    public LocalScan Look(IEnumerable<string> storePaths)
    {
        var scan = new LocalScan();
        foreach (var path in storePaths)
        {
            var (presence, why) = Probe(path);
            if (presence == Presence.File && TryHash(path, FilePath(path), scan) is { } sha)
            {
                scan.Files[path] = sha;
            }
            else if (presence == Presence.Other)
            {
                scan.Unusable[path] = why!;
            }
        }

        return scan;
    }

    /// <summary>What is at <paramref name="storePath"/>'s file: nothing, a file, or something sync cannot use there (and why).</summary>
    private (Presence Presence, string? Why) Probe(string storePath)
    {
        try
        {
            RefuseLinks(storePath, withLeaf: true);
            return File.GetAttributes(FilePath(storePath)).HasFlag(FileAttributes.Directory)
                ? (Presence.Other, "a directory is here in place of the file; the memory is left alone")
                : (Presence.File, null);
        }
        catch (Exception error) when (error is FileNotFoundException or DirectoryNotFoundException)
        {
            return (Presence.Absent, null);
        }
        catch (LocalPathException link)
        {
            return (Presence.Other, link.Reason);
        }
        catch (Exception error) when (LocalPathException.IsFileSystemFailure(error))
        {
            return (Presence.Other, LocalPathException.From(storePath, error).Reason);
        }
    }

    private void Walk(DirectoryInfo directory, string prefix, IReadOnlyDictionary<string, SyncedFile> known, LocalScan scan)
    {
        List<FileSystemInfo> entries;
        try
        {
            entries = directory.EnumerateFileSystemInfos("*", OneLevel).ToList();
        }
        catch (Exception error) when (LocalPathException.IsFileSystemFailure(error))
        {
            if (prefix.Length == 0)
            {
                throw new Errors.InvalidStateException($"dir: cannot list the sync directory {Root}: {error.Message}");
            }

            scan.Unusable[prefix] = $"cannot list this directory ({error.Message}); nothing under it is synced";
            return;
        }

        foreach (var entry in entries)
        {
            var path = $"{prefix}/{entry.Name}";
            if (WhyNotMirrored(path) is not null)
            {
                continue;
            }

            if (entry.Attributes.HasFlag(FileAttributes.ReparsePoint))
            {
                scan.Unusable[path] = LinkReason(path, entry); // never read, never walked into: neither pushed nor taken for deleted
            }
            else if (entry is DirectoryInfo subdirectory)
            {
                Walk(subdirectory, path, known, scan);
            }
            else if (known.TryGetValue(path, out var synced) && synced.Size == ((FileInfo)entry).Length && synced.Modified == entry.LastWriteTimeUtc.Ticks)
            {
                scan.Files[path] = synced.Sha256;
            }
            else if (TryHash(path, entry.FullName, scan) is { } sha)
            {
                scan.Files[path] = sha;
            }
        }
    }

    /// <summary>The hash of the file at <paramref name="fullPath"/>; null when it is gone, or could not be read (then noted in <paramref name="scan"/>).</summary>
    private string? TryHash(string storePath, string fullPath, LocalScan scan)
    {
        try
        {
            using var stream = OpenForReading(storePath, fullPath);
            return Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        catch (LocalPathException refused)
        {
            scan.Unusable[storePath] = refused.Reason;
            return null;
        }
        catch (Exception error) when (error is FileNotFoundException or DirectoryNotFoundException)
        {
            return null; // deleted while the run looked: the next run sees it gone
        }
        catch (Exception error) when (LocalPathException.IsFileSystemFailure(error))
        {
            scan.Unusable[storePath] = LocalPathException.From(storePath, error).Reason;
            return null;
        }
    }

    private enum Presence
    {
        Absent,
        File,
        Other,
    }
}
