using Engram.Memories;

namespace Engram.Conformance;

public abstract partial class StoreConformanceTests
{
    private static readonly string[] Tree =
    [
        "/agents/deployer/notes.md",
        "/agents/reviewer/notes.md",
        "/agents/reviewer/scratch/2026-11-24.md",
        "/notes-archive/old.md",
        "/notes/a.md",
        "/notes/b.md",
        "/notes/deep/c.md",
        "/readme.md",
    ];

    private async Task<string> SeedTreeAsync()
    {
        var store = await NewStoreAsync();
        foreach (var path in Tree.Reverse())
        {
            await Client.CreateMemoryAsync(store.Id, new CreateMemoryRequest(path, $"content of {path}"));
        }

        return store.Id;
    }

    [Fact]
    public async Task Depth_zero_lists_everything_below_the_prefix_in_path_order()
    {
        var storeId = await SeedTreeAsync();
        Assert.Equal(Tree, (await ListAllAsync(storeId, new MemoryListQuery())).Select(i => i.Path));
        Assert.Equal(
            ["/notes/a.md", "/notes/b.md", "/notes/deep/c.md"],
            (await ListAllAsync(storeId, new MemoryListQuery("/notes/"))).Select(i => i.Path));
        Assert.All(await ListAllAsync(storeId, new MemoryListQuery()), item => Assert.IsType<Memory>(item));
    }

    [Fact]
    public async Task Depth_one_lists_direct_children_and_prefix_markers()
    {
        var storeId = await SeedTreeAsync();
        var root = await ListAllAsync(storeId, new MemoryListQuery(Depth: 1));
        Assert.Equal(["/agents/", "/notes-archive/", "/notes/", "/readme.md"], root.Select(i => i.Path));
        Assert.Equal([true, true, true, false], root.Select(i => i is MemoryPrefix));

        var notes = await ListAllAsync(storeId, new MemoryListQuery("/notes/", 1));
        Assert.Equal(["/notes/a.md", "/notes/b.md", "/notes/deep/"], notes.Select(i => i.Path));

        var agents = await ListAllAsync(storeId, new MemoryListQuery("/agents/", 1));
        Assert.Equal(["/agents/deployer/", "/agents/reviewer/"], agents.Select(i => i.Path));

        var two = await ListAllAsync(storeId, new MemoryListQuery("/agents/", 2));
        Assert.Equal(["/agents/deployer/notes.md", "/agents/reviewer/notes.md", "/agents/reviewer/scratch/"], two.Select(i => i.Path));
    }

    [Fact]
    public async Task Prefixes_match_whole_segments_and_must_end_in_a_slash()
    {
        var storeId = await SeedTreeAsync();
        Assert.DoesNotContain("/notes-archive/old.md", (await ListAllAsync(storeId, new MemoryListQuery("/notes/"))).Select(i => i.Path));
        Assert.Equal("path_prefix", (await Invalid(() => Client.ListMemoriesAsync(storeId, new MemoryListQuery("/notes")))).Field);
        Assert.Empty(await ListAllAsync(storeId, new MemoryListQuery("/nothing/here/")));
    }

    [Fact]
    public async Task Pages_with_prefix_markers_are_stable_and_complete()
    {
        var storeId = await SeedTreeAsync();
        var expected = await ListAllAsync(storeId, new MemoryListQuery(Depth: 1, Limit: 100));
        for (var limit = 1; limit <= 4; limit++)
        {
            var paged = await ListAllAsync(storeId, new MemoryListQuery(Depth: 1, Limit: limit));
            Assert.Equal(expected.Select(i => i.Path), paged.Select(i => i.Path));
        }

        var first = await Client.ListMemoriesAsync(storeId, new MemoryListQuery(Limit: 3));
        Assert.Equal(3, first.Data.Count);
        Assert.NotNull(first.NextPage);

        // Writes behind the cursor do not shift later pages; writes ahead of it appear once.
        await Client.CreateMemoryAsync(storeId, new CreateMemoryRequest("/aaa-before.md", "x"));
        await Client.CreateMemoryAsync(storeId, new CreateMemoryRequest("/zzz-after.md", "x"));
        var rest = new List<MemoryListItem>();
        var page = first;
        while (page.NextPage is not null)
        {
            page = await Client.ListMemoriesAsync(storeId, new MemoryListQuery(Limit: 3, Page: page.NextPage));
            rest.AddRange(page.Data);
        }

        Assert.Equal(Tree.Skip(3).Append("/zzz-after.md"), rest.Select(i => i.Path));
    }

    [Fact]
    public async Task Full_view_includes_content_and_caps_a_page_at_20()
    {
        var store = await NewStoreAsync();
        for (var i = 0; i < 25; i++)
        {
            await Client.CreateMemoryAsync(store.Id, new CreateMemoryRequest($"/m/{i:D2}.md", $"body {i}"));
        }

        var full = await Client.ListMemoriesAsync(store.Id, new MemoryListQuery(Limit: 100, View: MemoryView.Full));
        Assert.Equal(20, full.Data.Count);
        Assert.NotNull(full.NextPage);
        Assert.All(full.Data.Cast<Memory>(), m => Assert.StartsWith("body ", m.Content, StringComparison.Ordinal));

        var basic = await Client.ListMemoriesAsync(store.Id, new MemoryListQuery(Limit: 100));
        Assert.Equal(25, basic.Data.Count);
        Assert.All(basic.Data.Cast<Memory>(), m => Assert.Null(m.Content));
        Assert.Null(basic.NextPage);

        var defaults = await Client.ListMemoriesAsync(store.Id, new MemoryListQuery());
        Assert.Equal(20, defaults.Data.Count);
    }

    [Fact]
    public async Task Depth_outside_0_to_20_is_refused()
    {
        var store = await NewStoreAsync();
        Assert.Equal("depth", (await Invalid(() => Client.ListMemoriesAsync(store.Id, new MemoryListQuery(Depth: -1)))).Field);
        Assert.Equal("depth", (await Invalid(() => Client.ListMemoriesAsync(store.Id, new MemoryListQuery(Depth: 21)))).Field);
    }
}
