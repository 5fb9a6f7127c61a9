using System.Security.Cryptography;
using System.Text;
using Engram.Errors;
using Engram.Identity;
using Engram.Memories;

namespace Engram.Conformance;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task Create_then_retrieve_in_full_and_basic_views()
    {
        var store = await NewStoreAsync();
        var created = (await Client.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/notes/todo.md", "- ship it\n"))).Value;
        Assert.True(IdPrefix.Matches(created.Id, IdPrefix.Memory));
        Assert.True(IdPrefix.Matches(created.MemoryVersionId, IdPrefix.MemoryVersion));
        Assert.Equal(store.Id, created.MemoryStoreId);
        Assert.Equal(10, created.ContentSizeBytes);

        var full = await Client.GetMemoryAsync(store.Id, created.Id, MemoryView.Full);
        Assert.Equal("- ship it\n", full.Content);
        Assert.Equal(created.ContentSha256, full.ContentSha256);
        Assert.Equal(created.MemoryVersionId, full.MemoryVersionId);

        var basic = await Client.GetMemoryAsync(store.Id, created.Id, MemoryView.Basic);
        Assert.Null(basic.Content);
        Assert.Equal(created.ContentSha256, basic.ContentSha256);
        Assert.Equal(10, basic.ContentSizeBytes);

        var byPath = await Client.GetMemoryByPathAsync(store.Id, "/notes/todo.md");
        Assert.Equal(created.Id, byPath.Id);
    }

    [Fact]
    public async Task Empty_content_is_a_memory()
    {
        var store = await NewStoreAsync();
        var empty = (await Client.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/empty", ""))).Value;
        Assert.Equal(0, empty.ContentSizeBytes);
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", empty.ContentSha256);
        Assert.Equal("", (await Client.GetMemoryAsync(store.Id, empty.Id)).Content);
    }

    [Theory]
    [InlineData("cafe\u0301 (decomposed, never normalized)\n")]
    [InlineData("caf\u00e9 😀 𝄞 中文 \r\n crlf kept")]
    [InlineData("\ufeffbyte order mark kept")]
    [InlineData("nul \0 inside")]
    public async Task Content_and_its_hash_are_the_exact_utf8_bytes(string content)
    {
        var store = await NewStoreAsync();
        var created = (await Client.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/exact", content))).Value;
        var bytes = Encoding.UTF8.GetBytes(content);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), created.ContentSha256);
        Assert.Equal(bytes.Length, created.ContentSizeBytes);
        Assert.Equal(content, (await Client.GetMemoryAsync(store.Id, created.Id)).Content);
    }

    [Theory]
    [InlineData("no-leading-slash.md")]
    [InlineData("/")]
    [InlineData("/a//b")]
    [InlineData("/trailing/")]
    [InlineData("/a/./b")]
    [InlineData("/a/../b")]
    [InlineData("/control\u0001char")]
    [InlineData("/format\u200bchar")]
    [InlineData("/line\u2028sep")]
    [InlineData("/para\u2029sep")]
    [InlineData("/cafe\u0301")]
    public async Task Invalid_paths_are_refused_and_nothing_is_written(string path)
    {
        var store = await NewStoreAsync();
        var error = await Invalid(() => Client.CreateMemoryAsync(store.Id, new CreateMemoryRequest(path, "x")));
        Assert.Equal("path", error.Field);
        Assert.Empty(await ListAllAsync(store.Id, new MemoryListQuery()));
        Assert.Empty((await Client.ListVersionsAsync(store.Id, new VersionListQuery())).Data);
    }

    [Fact]
    public async Task Path_length_and_segment_limits_hold()
    {
        var store = await NewStoreAsync();
        await Client.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/" + new string('p', 1023), "x"));
        await Client.CreateMemoryAsync(store.Id, new CreateMemoryRequest(string.Concat(Enumerable.Repeat("/d", 20)), "x"));
        await Invalid(() => Client.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/" + new string('q', 1024), "x")));
        await Invalid(() => Client.CreateMemoryAsync(store.Id, new CreateMemoryRequest(string.Concat(Enumerable.Repeat("/e", 21)), "x")));
    }

    [Fact]
    public async Task Content_over_102400_bytes_is_refused_and_nothing_is_written()
    {
        var store = await NewStoreAsync();
        await Client.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/max", new string('a', 102_400)));
        await Refused<EngramException>(() => Client.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/over", new string('a', 102_401))), ErrorType.TooLarge);
        var max = await Client.GetMemoryByPathAsync(store.Id, "/max", MemoryView.Basic);
        await Refused<EngramException>(() => Client.UpdateMemoryAsync(store.Id, max.Id, new UpdateMemoryRequest(new string('é', 51_201))), ErrorType.TooLarge);
        Assert.Equal(max.MemoryVersionId, (await Client.GetMemoryAsync(store.Id, max.Id, MemoryView.Basic)).MemoryVersionId);
        Assert.Single(await ListAllAsync(store.Id, new MemoryListQuery()));
    }

    [Fact]
    public async Task Paths_are_case_sensitive()
    {
        var store = await NewStoreAsync();
        var lower = (await Client.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/readme.md", "lower"))).Value;
        var upper = (await Client.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/README.md", "upper"))).Value;
        Assert.NotEqual(lower.Id, upper.Id);
        Assert.Equal("upper", (await Client.GetMemoryByPathAsync(store.Id, "/README.md")).Content);
    }

    [Fact]
    public async Task A_used_path_is_a_conflict_naming_the_memory()
    {
        var store = await NewStoreAsync();
        var first = (await Client.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/notes/a.md", "1"))).Value;
        var error = await Refused<PathConflictException>(() => Client.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/notes/a.md", "2")), ErrorType.PathConflict);
        Assert.Equal("memory_path_conflict_error", error.Code);
        Assert.Equal("/notes/a.md", error.ConflictingPath);
        Assert.Equal(first.Id, error.ConflictingMemoryId);
        Assert.Equal("1", (await Client.GetMemoryAsync(store.Id, first.Id)).Content);
    }

    [Fact]
    public async Task Overlapping_paths_conflict_in_both_directions()
    {
        var store = await NewStoreAsync();
        var parent = (await Client.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/notes", "a file named notes"))).Value;
        var below = await Refused<PathConflictException>(() => Client.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/notes/todo.md", "x")), ErrorType.PathConflict);
        Assert.Equal("/notes", below.ConflictingPath);
        Assert.Equal(parent.Id, below.ConflictingMemoryId);

        var deep = (await Client.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/docs/api/v1.md", "x"))).Value;
        var above = await Refused<PathConflictException>(() => Client.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/docs", "x")), ErrorType.PathConflict);
        Assert.Equal("/docs/api/v1.md", above.ConflictingPath);
        Assert.Equal(deep.Id, above.ConflictingMemoryId);
        await Refused<PathConflictException>(() => Client.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/docs/api", "x")), ErrorType.PathConflict);

        // Siblings whose names share a prefix do not overlap.
        await Client.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/notes-archive/todo.md", "x"));
        await Client.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/docs.md", "x"));
        await Client.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/docs/api/v2.md", "x"));
    }

    [Fact]
    public async Task Rename_keeps_the_id_and_records_a_version()
    {
        var store = await NewStoreAsync();
        var memory = (await Client.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/old/name.md", "body"))).Value;
        var renamed = (await Client.UpdateMemoryAsync(store.Id, memory.Id, new UpdateMemoryRequest(Path: "/new/name.md", ExpectedContentSha256: memory.ContentSha256))).Value;
        Assert.Equal(memory.Id, renamed.Id);
        Assert.Equal("/new/name.md", renamed.Path);
        Assert.Equal(memory.ContentSha256, renamed.ContentSha256);
        Assert.NotEqual(memory.MemoryVersionId, renamed.MemoryVersionId);
        await Refused<NotFoundException>(() => Client.GetMemoryByPathAsync(store.Id, "/old/name.md"), ErrorType.NotFound);
        Assert.Equal("body", (await Client.GetMemoryByPathAsync(store.Id, "/new/name.md")).Content);

        var history = await HistoryAsync(store.Id, memory.Id);
        Assert.Equal(["/new/name.md", "/old/name.md"], history.Select(v => v.Path));
        Assert.Equal([VersionOperation.Modified, VersionOperation.Created], history.Select(v => v.Operation));
    }

    [Fact]
    public async Task Rename_onto_a_used_or_overlapping_path_is_refused_and_changes_nothing()
    {
        var store = await NewStoreAsync();
        var a = (await Client.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/a.md", "a"))).Value;
        var b = (await Client.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/dir/b.md", "b"))).Value;
        var taken = await Refused<PathConflictException>(() => Client.UpdateMemoryAsync(store.Id, a.Id, new UpdateMemoryRequest(Path: "/dir/b.md")), ErrorType.PathConflict);
        Assert.Equal(b.Id, taken.ConflictingMemoryId);
        await Refused<PathConflictException>(() => Client.UpdateMemoryAsync(store.Id, a.Id, new UpdateMemoryRequest("new content", "/dir")), ErrorType.PathConflict);
        var unchanged = await Client.GetMemoryAsync(store.Id, a.Id);
        Assert.Equal(("/a.md", "a", a.MemoryVersionId), (unchanged.Path, unchanged.Content, unchanged.MemoryVersionId));
    }

    [Fact]
    public async Task A_memory_may_move_below_its_own_old_path()
    {
        var store = await NewStoreAsync();
        var memory = (await Client.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/notes", "x"))).Value;
        var moved = (await Client.UpdateMemoryAsync(store.Id, memory.Id, new UpdateMemoryRequest(Path: "/notes/index.md"))).Value;
        Assert.Equal("/notes/index.md", moved.Path);
    }

    [Fact]
    public async Task Moving_a_memory_up_onto_its_own_directory_still_sees_its_siblings()
    {
        var store = await NewStoreAsync();
        var moving = (await Client.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/x/a", "a"))).Value;
        var sibling = (await Client.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/x/b", "b"))).Value;
        var conflict = await Refused<PathConflictException>(() => Client.UpdateMemoryAsync(store.Id, moving.Id, new UpdateMemoryRequest(Path: "/x")), ErrorType.PathConflict);
        Assert.Equal(sibling.Id, conflict.ConflictingMemoryId);
    }

    [Fact]
    public async Task Update_needs_content_or_path()
    {
        var store = await NewStoreAsync();
        var memory = (await Client.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/a", "x"))).Value;
        await Invalid(() => Client.UpdateMemoryAsync(store.Id, memory.Id, new UpdateMemoryRequest()));
    }

    [Fact]
    public async Task Deleting_a_memory_keeps_its_history_and_frees_its_path()
    {
        var store = await NewStoreAsync();
        var memory = (await Client.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/gone.md", "bye"))).Value;
        await Client.DeleteMemoryAsync(store.Id, memory.Id, new DeleteMemoryRequest(Reason: "obsolete"));
        await Refused<NotFoundException>(() => Client.GetMemoryAsync(store.Id, memory.Id), ErrorType.NotFound);
        await Refused<NotFoundException>(() => Client.DeleteMemoryAsync(store.Id, memory.Id, new DeleteMemoryRequest()), ErrorType.NotFound);

        var history = await HistoryAsync(store.Id, memory.Id);
        Assert.Equal([VersionOperation.Deleted, VersionOperation.Created], history.Select(v => v.Operation));
        var deletion = history[0];
        Assert.Equal("/gone.md", deletion.Path);
        Assert.Null(deletion.ContentSha256);
        Assert.Null(deletion.ContentSizeBytes);
        Assert.Equal("obsolete", deletion.Reason);
        Assert.Equal(memory.ContentSha256, history[1].ContentSha256);

        var again = (await Client.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/gone.md", "back"))).Value;
        Assert.NotEqual(memory.Id, again.Id);
    }
}
