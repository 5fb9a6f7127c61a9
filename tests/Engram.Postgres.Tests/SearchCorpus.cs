using Engram.Conformance;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Engram.Memories;
using Engram.Search;
using Engram.Sqlite;
using Engram.Storage;

namespace Engram.Postgres.Tests;

/// <summary>
/// The search tests' relevance corpus (Engram.Search.Tests/Fixtures: a few hundred realistic memories and judged
/// queries) indexed straight through the storage port, into a SQLite data file and a PostgreSQL database alike, so
/// the two backends' keyword search can be compared on the same documents.
/// </summary>
public sealed class SearchCorpus : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "engram-pg-search-" + Guid.NewGuid().ToString("N"));
    private PostgresTestDatabase _database = null!;

    public const string StoreId = "memstore_corpus";

    public SqliteMemoryStorage Sqlite { get; private set; } = null!;

    public PostgresStorage Postgres { get; private set; } = null!;

    public IReadOnlyList<(string Path, string Content)> Memories { get; private set; } = [];

    public static IReadOnlyList<(string Query, IReadOnlyList<string> Relevant)> Judged { get; } = File
        .ReadLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", "judged.jsonl"))
        .Select(line => JsonDocument.Parse(line).RootElement)
        .Select(doc => (doc.GetProperty("query").GetString()!, (IReadOnlyList<string>)[.. doc.GetProperty("relevant").EnumerateArray().Select(p => p.GetString()!)]))
        .ToList();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        Sqlite = SqliteMemoryStorage.Open(new SqliteStorageOptions(Path.Combine(_directory, "engram.db")));
        _database = PostgresTestDatabase.Create();
        Postgres = await PostgresStorage.OpenAsync(new PostgresStorageOptions(_database.ConnectionString));
        Memories = [.. File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", "corpus.jsonl"))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Select(doc => (doc.GetProperty("path").GetString()!, doc.GetProperty("content").GetString()!))];
        await IndexAsync(Sqlite);
        await IndexAsync(Postgres);
    }

    /// <summary>Keyword hits of <paramref name="text"/> on one backend, as the search service asks for them.</summary>
    public static Task<IReadOnlyList<TextHit>> SearchAsync(ISearchIndexStorage storage, string text, int limit, int offset = 0, TextFilter? filter = null) =>
        storage.SearchTextAsync(StoreId, SearchQueryParser.Parse(text), filter ?? new TextFilter("/", [], null), offset, limit, CancellationToken.None);

    public async Task DisposeAsync()
    {
        await Sqlite.DisposeAsync();
        await Postgres.DisposeAsync();
        await _database.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task IndexAsync(IEngramStorage storage)
    {
        var now = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        await storage.WriteAsync(tx =>
        {
            tx.InsertStore(new MemoryStore(StoreId, "corpus", "", new Dictionary<string, string>(), now, now, null));
            var i = 0;
            foreach (var (path, content) in Memories)
            {
                var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));
                var id = $"mem_{i++:D4}";
                tx.SaveContent(sha, content);
                tx.InsertMemory(new Memory(id, StoreId, path, null, sha, Encoding.UTF8.GetByteCount(content), $"ver_{id}", now, now.AddMinutes(i)));
                tx.UpsertDocument(StoreId, id, SearchDocument.Of(path, sha, content));
            }

            return true;
        }, CancellationToken.None);
    }
}
