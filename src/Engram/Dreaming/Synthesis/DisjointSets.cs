namespace Engram.Dreaming.Synthesis;

/// <summary>Union-find over indexes; a set is named by its smallest index, so grouping does not depend on the order unions happen in.</summary>
internal sealed class DisjointSets
{
    private readonly int[] _roots;

    public DisjointSets(int count) => _roots = [.. Enumerable.Range(0, count)];

    public void Union(int left, int right)
    {
        var (a, b) = (Find(left), Find(right));
        if (a != b)
        {
            _roots[Math.Max(a, b)] = Math.Min(a, b);
        }
    }

    public int Find(int at)
    {
        while (_roots[at] != at)
        {
            _roots[at] = _roots[_roots[at]];
            at = _roots[at];
        }

        return at;
    }
}
