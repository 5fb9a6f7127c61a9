using Engram.Access;
using Engram.Client;
using Engram.Conformance;
using Engram.Memories;
using Engram.Search;
using Microsoft.Data.Sqlite;
using static Engram.Sqlite.Tests.DatabaseFile;

namespace Engram.Sqlite.Tests;

/// <summary>Each store's full-text index is a table of its own: made with the store, dropped with it, moved into by the migration.</summary>
public sealed class FullTextTableTests
{
    [Fact]
    public async Task A_store_has_its_own_full_text_table_until_it_is_deleted()
    {
        await using var target = new SqliteTarget();
        var store = await target.Admin.CreateStoreAsync(new CreateStoreRequest("own"));
        await target.Admin.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/a.md", "alpha"));
        await target.Engine.Indexer.DrainAsync(null, CancellationToken.None);
        Assert.Equal(1L, Scalar(target.DatabasePath, $"SELECT count(*) FROM {FtsTable.Of(store.Id)}"));

        await target.Admin.DeleteStoreAsync(store.Id);
        Assert.Equal(0L, Scalar(target.DatabasePath, $"SELECT count(*) FROM sqlite_schema WHERE name LIKE 'memory_fts_{store.Id}%'"));
    }

    [Fact]
    public async Task A_database_with_one_shared_full_text_table_moves_each_store_into_its_own()
    {
        using var directory = new TemporaryDirectory();
        var path = Path.Combine(directory.Path, "engram.db");
        string[] queries = ["alpha", "beta gamma", "\"gamma delta\"", "delta"];
        string[] stores;
        List<List<(string, double, string?)>> before;
        await using (var engine = Open(path))
        {
            var admin = Admin(engine);
            stores = [(await admin.CreateStoreAsync(new CreateStoreRequest("one"))).Id, (await admin.CreateStoreAsync(new CreateStoreRequest("two"))).Id];
            foreach (var (store, i) in stores.Select((s, i) => (s, i)))
            {
                await admin.CreateMemoryAsync(store, new CreateMemoryRequest("/a.md", $"---\ntitle: Alpha {i}\n---\nalpha beta gamma delta {i}\n"));
                await admin.CreateMemoryAsync(store, new CreateMemoryRequest("/b.md", "beta beta gamma"));
                await admin.CreateMemoryAsync(store, new CreateMemoryRequest($"/only-{i}.md", string.Join(' ', Enumerable.Repeat("delta", i + 1))));
            }

            await engine.Indexer.DrainAsync(null, CancellationToken.None);
            before = await RankingsAsync(admin, stores, queries);
        }

        BackToOneSharedTable(path, stores);
        await using (var engine = Open(path))
        {
            Assert.Equal(before, await RankingsAsync(Admin(engine), stores, queries));
            Assert.Equal(Schema.Latest, Convert.ToInt32(Scalar(path, "PRAGMA user_version"), System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(0L, Scalar(path, "SELECT count(*) FROM sqlite_schema WHERE name = 'memory_fts'"));
            Assert.Equal(0L, Scalar(path, "SELECT count(*) FROM index_queue"));
        }
    }

    /// <summary>Rewrites the database to the layout before tables per store: one table, each store's rows from its rowid &lt;&lt; 40.</summary>
    private static void BackToOneSharedTable(string path, string[] stores)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE VIRTUAL TABLE memory_fts USING fts5(path, title, description, tags, body, tokenize = 'porter unicode61 remove_diacritics 2');
            DROP INDEX memory_docs_by_fts;
            """;
        foreach (var store in stores)
        {
            var low = $"((SELECT rowid FROM stores WHERE id = '{store}') << 40)";
            command.CommandText += $"""
                INSERT INTO memory_fts (rowid, path, title, description, tags, body) SELECT rowid + {low}, path, title, description, tags, body FROM {FtsTable.Of(store)};
                UPDATE memory_docs SET fts_rowid = fts_rowid + {low} WHERE store_id = '{store}';
                DROP TABLE {FtsTable.Of(store)};
                """;
        }

        // The migrations after it (dream leases, vector changes) are undone too, so the database is as that version left it.
        command.CommandText += "ALTER TABLE dreams DROP COLUMN lease_holder; ALTER TABLE dreams DROP COLUMN lease_until;";
        command.CommandText += "DROP TABLE vector_changes; DROP TABLE vector_clock;";
        command.CommandText += $"CREATE UNIQUE INDEX memory_docs_by_fts ON memory_docs (fts_rowid); PRAGMA user_version = {Schema.Latest - 3};";
        command.ExecuteNonQuery();
    }

    private static async Task<List<List<(string, double, string?)>>> RankingsAsync(IEngramClient admin, string[] stores, string[] queries)
    {
        var rankings = new List<List<(string, double, string?)>>();
        foreach (var store in stores)
        {
            foreach (var query in queries)
            {
                var page = await admin.SearchAsync(store, new SearchRequest(query, SearchMode.Keyword));
                rankings.Add(page.Results.Select(r => (r.Path, r.Score, r.Snippet)).ToList());
            }
        }

        return rankings;
    }

    private static EngramEngine Open(string path) => new(SqliteMemoryStorage.Open(new SqliteStorageOptions(path) { Durability = Durability.Normal }));

    private static LocalEngramClient Admin(EngramEngine engine) => new(engine, Caller.LocalOperator("user_admin"));
}
