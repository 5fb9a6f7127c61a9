namespace Engram.Web.Memories;

/// <summary>One memory in the tree: its file name, and what the catalog says about it.</summary>
internal sealed record TreeLeaf(string Name, string Path, string MemoryId, string? Title, string? Summary, bool Stale, bool Pinned, string? Problem);

/// <summary>A folder of the tree: its name and path (ending in <c>/</c>), the folders and memories in it, and how many memories lie below.</summary>
internal sealed class TreeFolder(string name, string path)
{
    private readonly SortedDictionary<string, TreeFolder> _folders = new(StringComparer.Ordinal);
    private readonly List<TreeLeaf> _leaves = [];

    public string Name { get; } = name;

    public string Path { get; } = path;

    public IEnumerable<TreeFolder> Folders => _folders.Values;

    public IReadOnlyList<TreeLeaf> Leaves => _leaves;

    /// <summary>Memories in this folder and every folder below it.</summary>
    public int Count { get; private set; }

    internal TreeFolder Folder(string segment)
    {
        if (!_folders.TryGetValue(segment, out var folder))
        {
            folder = new TreeFolder(segment, Path + segment + "/");
            _folders.Add(segment, folder);
        }

        return folder;
    }

    internal void Add(TreeLeaf leaf) => _leaves.Add(leaf);

    internal void Counted() => Count++;

    internal void Sort() => _leaves.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
}

/// <summary>Builds a store's folder tree from its memories' paths, as the memories page shows it.</summary>
internal static class MemoryTree
{
    /// <summary>
    /// The folder at <paramref name="root"/> (a prefix ending in <c>/</c>) holding <paramref name="leaves"/>, each
    /// placed by its path below it; a path outside the root is left out. Folders and memories are in name order.
    /// </summary>
    public static TreeFolder Build(string root, IEnumerable<TreeLeaf> leaves)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        root = root.EndsWith('/') ? root : root + "/";
        var top = new TreeFolder(root, root);
        var touched = new HashSet<TreeFolder> { top };
        foreach (var leaf in leaves)
        {
            if (!leaf.Path.StartsWith(root, StringComparison.Ordinal) || leaf.Path.Length == root.Length)
            {
                continue;
            }

            var segments = leaf.Path[root.Length..].Split('/');
            var folder = top;
            folder.Counted();
            foreach (var segment in segments[..^1])
            {
                folder = folder.Folder(segment);
                folder.Counted();
                touched.Add(folder);
            }

            folder.Add(leaf with { Name = segments[^1] });
        }

        foreach (var folder in touched)
        {
            folder.Sort();
        }

        return top;
    }
}
