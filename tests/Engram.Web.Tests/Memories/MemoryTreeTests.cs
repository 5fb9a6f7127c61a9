using Engram.Web.Memories;

namespace Engram.Web.Tests.Memories;

public sealed class MemoryTreeTests
{
    private static TreeLeaf Leaf(string path) => new("", path, "mem_" + path.Length, null, null, false, false, null);

    [Fact]
    public void Memories_are_placed_in_their_folders_in_name_order_with_counts()
    {
        var tree = MemoryTree.Build("/", [Leaf("/README.md"), Leaf("/org/b.md"), Leaf("/org/a.md"), Leaf("/org/team/x.md"), Leaf("/agents/deployer/notes.md")]);

        Assert.Equal(5, tree.Count);
        Assert.Equal(["README.md"], tree.Leaves.Select(l => l.Name));
        Assert.Equal(["agents", "org"], tree.Folders.Select(f => f.Name));
        var org = tree.Folders.Single(f => f.Name == "org");
        Assert.Equal("/org/", org.Path);
        Assert.Equal(3, org.Count);
        Assert.Equal(["a.md", "b.md"], org.Leaves.Select(l => l.Name));
        Assert.Equal("/org/team/", org.Folders.Single().Path);
        Assert.Equal("/agents/deployer/notes.md", tree.Folders.First().Folders.Single().Leaves.Single().Path);
    }

    [Fact]
    public void A_tree_under_a_prefix_holds_only_what_lies_below_it()
    {
        var tree = MemoryTree.Build("/org", [Leaf("/org/a.md"), Leaf("/organic.md"), Leaf("/other/b.md"), Leaf("/org/deep/c.md")]);

        Assert.Equal("/org/", tree.Path);
        Assert.Equal(2, tree.Count);
        Assert.Equal(["a.md"], tree.Leaves.Select(l => l.Name));
        Assert.Equal(["deep"], tree.Folders.Select(f => f.Name));
    }

    [Fact]
    public void An_empty_store_is_an_empty_root() => Assert.Equal(0, MemoryTree.Build("/", []).Count);
}
