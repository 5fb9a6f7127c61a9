using Engram.Sync;

namespace Engram.Bulk;

/// <summary>
/// The files of a directory an import loads: markdown files below the root, found without following any link.
/// Hidden entries (<c>.git</c>, <c>.obsidian</c>, <c>.DS_Store</c>) and files of other kinds are passed over; a link
/// is never followed, and one that leads out of the directory is a failure, since what it names was meant to load.
/// </summary>
internal static class ImportScan
{
    /// <summary>What import reads as markdown.</summary>
    public static readonly IReadOnlySet<string> MarkdownExtensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".md", ".markdown", ".mdx", ".txt" };

    private static readonly EnumerationOptions OneLevel = new() { RecurseSubdirectories = false, IgnoreInaccessible = false, AttributesToSkip = FileAttributes.None };

    /// <summary>Files to import, as <c>/</c>-separated paths relative to <paramref name="root"/> in ordinal order, with what was passed over and what failed.</summary>
    public static List<string> Walk(string root, BulkImportSummary summary)
    {
        var realRoot = SyncDirectory.RealPath(root);
        var files = new List<string>();
        Walk(new DirectoryInfo(realRoot), "", realRoot, files, summary, isRoot: true);
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    private static void Walk(DirectoryInfo directory, string prefix, string realRoot, List<string> files, BulkImportSummary summary, bool isRoot)
    {
        List<FileSystemInfo> entries;
        try
        {
            entries = directory.EnumerateFileSystemInfos("*", OneLevel).ToList();
        }
        catch (Exception error) when (LocalPathException.IsFileSystemFailure(error))
        {
            if (isRoot)
            {
                throw new Errors.InvalidRequestException("dir", $"cannot list {directory.FullName}: {error.Message}");
            }

            summary.Failed.Add(new BulkFileNote(prefix + "/", $"cannot list this directory ({error.Message}); nothing under it is imported"));
            return;
        }

        foreach (var entry in entries.OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            var relative = prefix.Length == 0 ? entry.Name : $"{prefix}/{entry.Name}";
            if (entry.Name.StartsWith('.'))
            {
                summary.Skipped.Add(new BulkFileNote(entry is DirectoryInfo ? relative + "/" : relative, "hidden: names starting with '.' are not imported"));
            }
            else if (entry.Attributes.HasFlag(FileAttributes.ReparsePoint))
            {
                Link(entry, relative, realRoot, summary);
            }
            else if (entry is DirectoryInfo subdirectory)
            {
                Walk(subdirectory, relative, realRoot, files, summary, isRoot: false);
            }
            else if (!MarkdownExtensions.Contains(Path.GetExtension(entry.Name)))
            {
                summary.Skipped.Add(new BulkFileNote(relative, $"not markdown: only {string.Join(", ", MarkdownExtensions)} files are imported"));
            }
            else
            {
                files.Add(relative);
            }
        }
    }

    /// <summary>A link is never followed: one to a place inside the directory is passed over (its target loads at its own path), one out of it fails.</summary>
    private static void Link(FileSystemInfo entry, string relative, string realRoot, BulkImportSummary summary)
    {
        string? target;
        try
        {
            target = SyncDirectory.RealPath(entry.FullName);
        }
        catch (Exception error) when (LocalPathException.IsFileSystemFailure(error))
        {
            summary.Failed.Add(new BulkFileNote(relative, $"a link that cannot be resolved ({error.Message}); import never follows links"));
            return;
        }

        if (SyncDirectory.IsWithin(target, realRoot))
        {
            summary.Skipped.Add(new BulkFileNote(relative, $"a link to {Path.GetRelativePath(realRoot, target).Replace(Path.DirectorySeparatorChar, '/')} inside the directory; import never follows links, and what it names is imported at its own path"));
        }
        else
        {
            summary.Failed.Add(new BulkFileNote(relative, $"a link out of the directory (to {entry.LinkTarget ?? target}); import never follows links out of the directory it is given"));
        }
    }
}
