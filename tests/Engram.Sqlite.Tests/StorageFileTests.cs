using Engram.Conformance;
using System.Text;
using Engram.Memories;
using Microsoft.Data.Sqlite;
using static Engram.Sqlite.Tests.DatabaseFile;

namespace Engram.Sqlite.Tests;

public sealed class StorageFileTests
{
    [Fact]
    public async Task Identical_content_is_stored_once_across_memories_and_stores()
    {
        await using var target = new SqliteTarget();
        var body = "a shared runbook paragraph, " + new string('x', 4000);
        var one = await target.Admin.CreateStoreAsync(new CreateStoreRequest("one"));
        var two = await target.Admin.CreateStoreAsync(new CreateStoreRequest("two"));
        for (var i = 0; i < 10; i++)
        {
            await target.Admin.CreateMemoryAsync(one.Id, new CreateMemoryRequest($"/copy/{i}.md", body));
            await target.Admin.CreateMemoryAsync(two.Id, new CreateMemoryRequest($"/copy/{i}.md", body));
        }

        Assert.Equal(1L, Scalar(target.DatabasePath, "SELECT count(*) FROM contents"));
        Assert.Equal(20L, Scalar(target.DatabasePath, "SELECT count(*) FROM memories"));
    }

    [Fact]
    public async Task Redacted_content_is_gone_from_the_database_files()
    {
        await using var target = new SqliteTarget();
        const string secret = "sk-live-REDACT-ME-7f3a9c";
        var store = await target.Admin.CreateStoreAsync(new CreateStoreRequest("leaky"));
        var memory = (await target.Admin.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/leak.md", $"token: {secret}\n"))).Value;
        await target.Admin.UpdateMemoryAsync(store.Id, memory.Id, new UpdateMemoryRequest("token: (in the vault)\n"));
        Assert.True(FilesContain(target.DatabasePath, secret));

        await target.Admin.RedactVersionAsync(store.Id, memory.MemoryVersionId);
        Assert.Equal(0L, Scalar(target.DatabasePath, "SELECT count(*) FROM contents WHERE body LIKE '%REDACT-ME%'"));
        Assert.False(FilesContain(target.DatabasePath, secret), "the redacted text is still readable in the database or its WAL");
    }

    [Fact]
    public async Task Deleting_a_store_frees_content_only_it_used()
    {
        await using var target = new SqliteTarget();
        var one = await target.Admin.CreateStoreAsync(new CreateStoreRequest("one"));
        var two = await target.Admin.CreateStoreAsync(new CreateStoreRequest("two"));
        await target.Admin.CreateMemoryAsync(one.Id, new CreateMemoryRequest("/shared", "shared"));
        await target.Admin.CreateMemoryAsync(one.Id, new CreateMemoryRequest("/own", "only in one"));
        await target.Admin.CreateMemoryAsync(two.Id, new CreateMemoryRequest("/shared", "shared"));
        await target.Admin.DeleteStoreAsync(one.Id);
        Assert.Equal(1L, Scalar(target.DatabasePath, "SELECT count(*) FROM contents"));
        Assert.Equal(0L, Scalar(target.DatabasePath, "SELECT count(*) FROM versions WHERE store_id = '" + one.Id + "'"));
    }

    [Fact]
    public async Task Data_survives_closing_and_reopening()
    {
        using var directory = new TemporaryDirectory();
        var path = Path.Combine(directory.Path, "engram.db");
        string storeId, memoryId;
        await using (var engine = new EngramEngine(SqliteMemoryStorage.Open(new SqliteStorageOptions(path))))
        {
            var client = new Client.LocalEngramClient(engine, new Access.Caller(Access.Actor.User("user_a")));
            storeId = (await client.CreateStoreAsync(new CreateStoreRequest("persist"))).Id;
            memoryId = ((await client.CreateMemoryAsync(storeId, new CreateMemoryRequest("/p", "kept"))).Value).Id;
        }

        await using (var engine = new EngramEngine(SqliteMemoryStorage.Open(new SqliteStorageOptions(path) { Durability = Durability.Normal })))
        {
            var client = new Client.LocalEngramClient(engine, new Access.Caller(Access.Actor.User("user_a")));
            Assert.Equal("kept", (await client.GetMemoryAsync(storeId, memoryId)).Content);
        }
    }

    [Fact]
    public void A_database_from_a_newer_engram_is_refused()
    {
        using var directory = new TemporaryDirectory();
        var path = Path.Combine(directory.Path, "engram.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version = 99";
            command.ExecuteNonQuery();
        }

        var error = Assert.Throws<InvalidOperationException>(() => SqliteMemoryStorage.Open(new SqliteStorageOptions(path)));
        Assert.Contains("newer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Writes_after_dispose_are_refused_not_lost()
    {
        var target = new SqliteTarget();
        var store = await target.Admin.CreateStoreAsync(new CreateStoreRequest("closing"));
        await target.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => target.Admin.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/late", "x")));
    }

    private static bool FilesContain(string database, string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        return new[] { database, database + "-wal" }
            .Where(File.Exists)
            .Any(file =>
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var memory = new MemoryStream();
                stream.CopyTo(memory);
                return memory.ToArray().AsSpan().IndexOf(needle) >= 0;
            });
    }
}
