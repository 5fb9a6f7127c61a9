using Engram.Conformance;
using Engram.Access;
using Engram.Memories;
using Engram.Storage;

namespace Engram.Postgres.Tests;

/// <summary>
/// Content shared by stores, written through the storage's units of work alone (no rules): an erasure in one store
/// (another store lock) never takes content another store uses, even while that store is still writing it.
/// </summary>
public sealed class SharedContentTests : IAsyncLifetime
{
    private const string Text = "shared text\n";
    private static readonly string Sha = MemoryContent.Sha256(Text);
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);
    private static readonly Actor Writer = Actor.User("user_test");

    private PostgresTestDatabase _database = null!;
    private PostgresStorage _storage = null!;

    public async Task InitializeAsync()
    {
        _database = PostgresTestDatabase.Create();
        _storage = await PostgresStorage.OpenAsync(new PostgresStorageOptions(_database.ConnectionString));
    }

    public async Task DisposeAsync()
    {
        await _storage.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_redaction_waits_for_a_store_still_writing_the_same_content_and_leaves_it()
    {
        var redacted = await SeedRedactableAsync("store_a");
        await _storage.WriteAsync(tx => { tx.InsertStore(Store("store_b")); return 0; }, CancellationToken.None);

        using var saved = new ManualResetEventSlim();
        using var proceed = new ManualResetEventSlim();
        var writing = Task.Run(() => _storage.WriteAsync(tx =>
        {
            tx.GetStore("store_b");
            tx.SaveContent(Sha, Text); // stored already (store_a's old version): found, not inserted
            saved.Set();
            proceed.Wait();
            Write(tx, "store_b", "mem_b", "ver_b1", Text);
            return 0;
        }, CancellationToken.None));
        saved.Wait();

        var redacting = Task.Run(() => _storage.WriteAsync(tx =>
        {
            tx.GetStore("store_a");
            tx.RedactVersion("store_a", redacted, Now, Writer);
            return 0;
        }, CancellationToken.None));
        await Task.Delay(500);
        Assert.False(redacting.IsCompleted, "the redaction erased content a unit of another store had saved and not committed yet");

        proceed.Set();
        await writing;
        await redacting;
        Assert.Equal(Text, await _storage.GetContentAsync(Sha, CancellationToken.None));
        Assert.Equal(Text, (await _storage.GetMemoryAsync("store_b", "mem_b", withContent: true, CancellationToken.None))!.Content);
        Assert.Null((await _storage.GetVersionAsync("store_a", redacted, withContent: true, CancellationToken.None))!.Content);
        Assert.Empty(await _storage.CheckIntegrityAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Deleting_a_store_keeps_content_another_store_uses_and_erases_the_rest()
    {
        await SeedRedactableAsync("store_a");
        await _storage.WriteAsync(tx =>
        {
            tx.InsertStore(Store("store_b"));
            tx.SaveContent(Sha, Text);
            Write(tx, "store_b", "mem_b", "ver_b1", Text);
            return 0;
        }, CancellationToken.None);
        var onlyA = MemoryContent.Sha256("store_a's own text\n");

        await _storage.WriteAsync(tx => { tx.DeleteStore("store_a"); return 0; }, CancellationToken.None);
        Assert.Null(await _storage.GetStoreAsync("store_a", CancellationToken.None));
        Assert.Null(await _storage.GetContentAsync(onlyA, CancellationToken.None));
        Assert.Equal(Text, await _storage.GetContentAsync(Sha, CancellationToken.None));

        await _storage.WriteAsync(tx => { tx.DeleteStore("store_b"); return 0; }, CancellationToken.None);
        Assert.Null(await _storage.GetContentAsync(Sha, CancellationToken.None));
        Assert.Empty(await _storage.CheckIntegrityAsync(CancellationToken.None));
    }

    /// <summary>A store with a memory whose first version (returned) holds the shared text and whose current one holds its own.</summary>
    private async Task<string> SeedRedactableAsync(string storeId)
    {
        var own = "store_a's own text\n";
        await _storage.WriteAsync(tx =>
        {
            tx.InsertStore(Store(storeId));
            tx.SaveContent(Sha, Text);
            Write(tx, storeId, "mem_a", "ver_a1", Text);
            tx.SaveContent(MemoryContent.Sha256(own), own);
            Write(tx, storeId, "mem_a", "ver_a2", own, update: true);
            return 0;
        }, CancellationToken.None);
        return "ver_a1";
    }

    /// <summary>Points a memory at saved content and appends the version that records it.</summary>
    private static void Write(IStorageWriter tx, string storeId, string memoryId, string versionId, string content, bool update = false)
    {
        var sha = MemoryContent.Sha256(content);
        var size = System.Text.Encoding.UTF8.GetByteCount(content);
        var memory = new Memory(memoryId, storeId, "/m", null, sha, size, versionId, Now, Now);
        if (update)
        {
            tx.UpdateMemory(memory);
        }
        else
        {
            tx.InsertMemory(memory);
        }

        tx.InsertVersion(new MemoryVersion(
            versionId, memoryId, storeId, update ? VersionOperation.Modified : VersionOperation.Created, "/m", null, sha, size, Now, Writer, null, null));
    }

    private static MemoryStore Store(string id) => new(id, id, "", new Dictionary<string, string>(), Now, Now, null);
}
