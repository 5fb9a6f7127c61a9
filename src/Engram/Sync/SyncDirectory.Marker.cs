namespace Engram.Sync;

/// <summary>The files sync keeps for itself in the root (the marker naming the directory), never store content.</summary>
internal sealed partial class SyncDirectory
{
    /// <summary>A marker longer than this is not one sync wrote (it holds a 32-character id).</summary>
    private const int MaxMarkerBytes = 64;

    /// <summary>Creates the root (and its parents) when missing.</summary>
    public void EnsureRoot() => Directory.CreateDirectory(Root);

    /// <summary>The root with the links in the path the caller gave resolved.</summary>
    public string RealRoot => _realRoot ??= RealPath(Root);

    /// <summary>The id in the marker file <paramref name="name"/> at the root, or null when it is missing, not a plain file, or not an id.</summary>
    public string? ReadMarker(string name)
    {
        var path = Path.Combine(Root, name);
        if (!IsPlainFile(path) || new FileInfo(path).Length > MaxMarkerBytes)
        {
            return null;
        }

        var text = File.ReadAllText(path).Trim();
        return Guid.TryParseExact(text, "N", out _) ? text : null;
    }

    /// <summary>Writes <paramref name="id"/> to the marker file <paramref name="name"/> at the root (replacing whatever is there) and returns it.</summary>
    public string WriteMarker(string name, string id)
    {
        var temporary = Path.Combine(Root, $".engram-tmp-{Guid.NewGuid():N}");
        File.WriteAllText(temporary, id + "\n");
        File.Move(temporary, Path.Combine(Root, name), overwrite: true);
        return id;
    }

    /// <summary>True when <paramref name="name"/> at the root is a directory, not a link to one.</summary>
    public bool HoldsDirectory(string name) => IsDirectory(Path.Combine(Root, name));

    /// <summary>True when the file of <paramref name="storePath"/> is here as a file, with no link on the way.</summary>
    public bool HoldsFile(string storePath) => Probe(storePath).Presence == Presence.File;

    /// <summary>Deletes <paramref name="names"/> in the root's directory <paramref name="directory"/>, and the directory when that empties it.</summary>
    public void RemoveOwnFiles(string directory, IEnumerable<string> names)
    {
        var full = Path.Combine(Root, directory);
        foreach (var file in names.Select(name => Path.Combine(full, name)))
        {
            if (Attributes(file) is { } attributes && (!attributes.HasFlag(FileAttributes.Directory) || attributes.HasFlag(FileAttributes.ReparsePoint)))
            {
                File.Delete(file); // a link is removed itself, never its target
            }
        }

        if (!Directory.EnumerateFileSystemEntries(full).Any())
        {
            Directory.Delete(full);
        }
    }

    /// <summary>True when <paramref name="path"/> is a directory itself, not a link to one.</summary>
    private static bool IsDirectory(string path) => Attributes(path) is { } attributes && attributes.HasFlag(FileAttributes.Directory) && !attributes.HasFlag(FileAttributes.ReparsePoint);

    private static bool IsPlainFile(string path) => Attributes(path) is { } attributes && (attributes & (FileAttributes.Directory | FileAttributes.ReparsePoint)) == 0;

    /// <summary>The attributes of <paramref name="path"/> itself (a link is not followed), or null when nothing is there.</summary>
    private static FileAttributes? Attributes(string path)
    {
        try
        {
            return File.GetAttributes(path);
        }
        catch (Exception error) when (error is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }
}
