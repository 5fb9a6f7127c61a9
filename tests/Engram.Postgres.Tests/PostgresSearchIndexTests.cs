using Engram.Conformance;
using System.Security.Cryptography;
using System.Text;
using Engram.Memories;
using Engram.Search;
using Engram.Sqlite;
using Engram.Storage;
using Xunit.Abstractions;

namespace Engram.Postgres.Tests;

/// <summary>
/// The search index port on PostgreSQL, through the storage port itself: statistics per store, filters, the common-word
/// tiers (against SQLite's), the queues' token rule between two nodes, and section vectors.
/// </summary>
public sealed class PostgresSearchIndexTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
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
    public async Task A_stores_scores_are_its_own_whatever_other_stores_hold_and_after_removals()
    {
        await StoreAsync(_storage, "memstore_a", ("/one.md", "the gateway restarts nightly"), ("/two.md", "gateway timeouts are retried"), ("/three.md", "gateway gateway gateway"));
        await StoreAsync(_storage, "memstore_b", ("/one.md", "the gateway restarts nightly"), ("/two.md", "gateway timeouts are retried"));
        await StoreAsync(_storage, "memstore_c", ("/x.md", "nothing about it"), ("/y.md", "gateway elsewhere"), ("/z.md", "more words here"));
        await _storage.WriteAsync(tx => { tx.RemoveDocument("memstore_a", "memstore_a_2"); return true; }, CancellationToken.None);

        var a = await SearchAsync(_storage, "memstore_a", "gateway restarts");
        var b = await SearchAsync(_storage, "memstore_b", "gateway restarts");

        Assert.Equal(b.Select(h => (h.Document.Path, h.Score)), a.Select(h => (h.Document.Path, h.Score)));
        Assert.Equal("/one.md", a[0].Document.Path);
    }

    [Fact]
    public async Task Filters_apply_before_the_page_is_cut()
    {
        await StoreAsync(
            _storage, "memstore_f",
            ("/teams/payments/retries.md", "---\ntags: [payments, ops]\n---\nretries use backoff"),
            ("/teams/paymentsx.md", "---\ntags: [payments]\n---\nretries retries retries elsewhere"),
            ("/teams/search/retries.md", "---\ntags: [ops]\n---\nretries are not idempotent"));

        Assert.Equal(["/teams/payments/retries.md"], (await SearchAsync(_storage, "memstore_f", "retries", new TextFilter("/teams/payments/", [], null), limit: 1)).Select(h => h.Document.Path));
        Assert.Equal(["/teams/payments/retries.md"], (await SearchAsync(_storage, "memstore_f", "retries", new TextFilter("/", ["payments", "ops"], null), limit: 1)).Select(h => h.Document.Path));
        Assert.Equal(["/teams/search/retries.md"], (await SearchAsync(_storage, "memstore_f", "retries", new TextFilter("/", [], Now.AddMinutes(3)))).Select(h => h.Document.Path));
    }

    [Fact]
    public async Task A_document_of_content_the_memory_no_longer_has_is_not_stored()
    {
        await StoreAsync(_storage, "memstore_s", ("/notes.md", "the deploy uses terraform"));

        await _storage.WriteAsync(tx => { tx.UpsertDocument("memstore_s", "memstore_s_0", SearchDocument.Of("/notes.md", Sha("older"), "the deploy uses kubectl")); return true; }, CancellationToken.None);

        Assert.Empty(await SearchAsync(_storage, "memstore_s", "kubectl"));
        Assert.Single(await SearchAsync(_storage, "memstore_s", "terraform"));
    }

    [Fact]
    public async Task Common_words_rank_in_sqlites_tiers_and_pages_walk_them_all()
    {
        var memories = Enumerable.Range(0, 2_100)
            .Select(i => ($"/notes/{i:D5}.md", i % 100 == 7 ? $"---\ntitle: Widget handbook {i}\n---\nAll about one widget.\n" : $"# Note {i}\n\nA widget appeared in note {i}.\n"))
            .Append(("/rare/zeppelin.md", "# Airships\n\nThe zeppelin carried a widget.\n"))
            .ToArray();
        var directory = Path.Combine(Path.GetTempPath(), "engram-pg-tiers-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var sqlite = SqliteMemoryStorage.Open(new SqliteStorageOptions(Path.Combine(directory, "engram.db")));
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await StoreAsync(sqlite, "memstore_big", memories);
            output.WriteLine($"indexed {memories.Length} memories: SQLite {clock.ElapsedMilliseconds} ms");
            clock.Restart();
            await StoreAsync(_storage, "memstore_big", memories);
            output.WriteLine($"indexed {memories.Length} memories: PostgreSQL {clock.ElapsedMilliseconds} ms");
            foreach (var query in new[] { "widget zeppelin", "widget", "how did the widget appear" })
            {
                for (var offset = 0; offset <= 2_100; offset += 300)
                {
                    clock.Restart();
                    var expected = await SearchAsync(sqlite, "memstore_big", query, offset: offset, limit: 300);
                    var sqliteTook = clock.ElapsedMilliseconds;
                    clock.Restart();
                    var actual = await SearchAsync(_storage, "memstore_big", query, offset: offset, limit: 300);
                    output.WriteLine($"'{query}' offset {offset}: SQLite {sqliteTook} ms, PostgreSQL {clock.ElapsedMilliseconds} ms");
                    Assert.Equal(expected.Select(h => (h.Document.Path, h.Score, h.Snippet)), actual.Select(h => (h.Document.Path, h.Score, h.Snippet)));
                }
            }

            Assert.Equal("/rare/zeppelin.md", (await SearchAsync(_storage, "memstore_big", "widget zeppelin"))[0].Document.Path);
        }
        finally
        {
            await sqlite.DisposeAsync();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Words_are_tokenized_as_sqlite_tokenizes_them()
    {
        (string, string)[] memories =
        [
            ("/accents.md", "Café crème, naïve façade, Ångström, Straße, Ærø, Œuvre, São Paulo, Dvořák, Łódź, İstanbul"),
            ("/greek.md", "Ελληνικά κείμενα, Αθήνα, καλημέρα; кириллица Москва"),
            ("/marks.md", "e\u0301te\u0301 combining marks; ﬁle ligature; ① ② numbers; ½ fraction; x² superscript"),
            ("/code.md", "C++ and C# and F#; don't won't it's; e-mail user@example.com; v1.2.3-beta; snake_case and camelCase; 10,000 and 3.14"),
            ("/stems.md", "running runs runner ran; connection connected connecting; generalization generalizing; agreed agreeing; happy happiness; probate probably"),
            ("/cjk.md", "日本語のテキスト 中文文本 한국어 텍스트 emoji 😀 here"),
            ("/more.md", "Đakovo ｆｕｌｌｗｉｄｔｈ ǅemal ıspanak Việt Nam ﬀ Ⅻ ß ǰ ŉ"),
        ];
        var queries = new[]
        {
            "cafe", "café", "creme", "naive", "facade", "angstrom", "strasse", "straße", "aero", "ærø", "oeuvre", "sao", "dvorak", "lodz", "łódź", "istanbul", "İstanbul",
            "αθηνα", "αθήνα", "καλημερα", "москва", "ete", "été", "file", "ﬁle", "1", "①", "½", "x2", "x²", "c", "c++", "c#", "f", "don't", "dont", "won't",
            "e-mail", "email", "user@example.com", "example", "v1.2.3", "beta", "snake_case", "snake", "camelcase", "10,000", "000", "3.14", "run", "running",
            "ran", "connect", "connections", "general", "generalize", "agree", "happi", "happiness", "probably", "probate", "日本語のテキスト", "中文文本", "한국어", "😀",
            "\"combining marks\"", "dakovo", "đakovo", "fullwidth", "ｆｕｌｌｗｉｄｔｈ", "dzemal", "ǆemal", "ispanak", "ıspanak", "viet", "việt", "ff", "xii", "ss", "j", "n", "\"ligature numbers\"", "\"and c\"",
        };
        var directory = Path.Combine(Path.GetTempPath(), "engram-pg-tokens-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var sqlite = SqliteMemoryStorage.Open(new SqliteStorageOptions(Path.Combine(directory, "engram.db")));
        try
        {
            await StoreAsync(sqlite, "memstore_t", memories);
            await StoreAsync(_storage, "memstore_t", memories);
            var differ = new List<string>();
            foreach (var query in queries)
            {
                var expected = (await SearchAsync(sqlite, "memstore_t", query)).Select(h => (h.Document.Path, h.Score, h.Snippet)).ToList();
                var actual = (await SearchAsync(_storage, "memstore_t", query)).Select(h => (h.Document.Path, h.Score, h.Snippet)).ToList();
                if (!expected.SequenceEqual(actual))
                {
                    differ.Add($"'{query}': SQLite [{string.Join(", ", expected)}], PostgreSQL [{string.Join(", ", actual)}]");
                }
            }

            differ.ForEach(output.WriteLine);
            output.WriteLine($"{queries.Length - differ.Count} of {queries.Length} queries find the same memories, scores and snippets");
            Assert.Empty(differ);
        }
        finally
        {
            await sqlite.DisposeAsync();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Work_queued_again_while_another_node_indexes_it_is_not_lost()
    {
        await StoreAsync(_storage, "memstore_q", ("/a.md", "alpha"));
        await using var other = await PostgresStorage.OpenAsync(new PostgresStorageOptions(_database.ConnectionString));
        await _storage.WriteAsync(tx => { tx.QueueIndex("memstore_q", "memstore_q_0", "t1"); return true; }, CancellationToken.None);
        var taken = Assert.Single(await other.PendingIndexWorkAsync(null, 10, CancellationToken.None));

        // Queued again (t2) after the other node took t1: completing t1 leaves t2.
        await _storage.WriteAsync(tx => { tx.QueueIndex("memstore_q", "memstore_q_0", "t2"); return true; }, CancellationToken.None);
        await other.WriteAsync(tx => { tx.CompleteIndex(taken); return true; }, CancellationToken.None);
        Assert.Equal("t2", Assert.Single(await _storage.PendingIndexWorkAsync("memstore_q", 10, CancellationToken.None)).Token);

        // Queued again (t3) by a write still open while the other node completes t2: the completion waits, then leaves t3.
        using var queued = new SemaphoreSlim(0);
        using var release = new SemaphoreSlim(0);
        var writing = Task.Run(() => _storage.WriteAsync(tx =>
        {
            tx.QueueIndex("memstore_q", "memstore_q_0", "t3");
            queued.Release();
            release.Wait();
            return true;
        }, CancellationToken.None));
        await queued.WaitAsync();
        var completing = Task.Run(() => other.WriteAsync(tx => { tx.CompleteIndex(new IndexWork("memstore_q", "memstore_q_0", "t2")); return true; }, CancellationToken.None));
        await Task.Delay(200);
        release.Release();
        await Task.WhenAll(writing, completing);

        Assert.Equal("t3", Assert.Single(await _storage.PendingIndexWorkAsync(null, 10, CancellationToken.None)).Token);
        await other.WriteAsync(tx => { tx.CompleteIndex(new IndexWork("memstore_q", "memstore_q_0", "t3")); return true; }, CancellationToken.None);
        Assert.Empty(await _storage.PendingIndexWorkAsync(null, 10, CancellationToken.None));
    }

    [Fact]
    public async Task Vectors_load_in_pages_and_go_with_their_document_and_the_store_setting()
    {
        await StoreAsync(_storage, "memstore_v", ("/a.md", "alpha"), ("/b.md", "beta"), ("/c.md", "gamma"));
        var vectors = Enumerable.Range(0, 3).SelectMany(m => Enumerable.Range(0, 2).Select(c => new ChunkVector($"memstore_v_{m}", c, $"h{c}", [m, c, 0.5f, -1.25f]))).ToList();
        await _storage.WriteAsync(tx =>
        {
            foreach (var group in vectors.GroupBy(v => v.MemoryId))
            {
                tx.ReplaceVectors("memstore_v", group.Key, [.. group]);
                tx.QueueEmbedding("memstore_v", group.Key, "e1");
            }

            tx.SetEmbeddingModel("memstore_v", "model-a");
            return true;
        }, CancellationToken.None);
        await _storage.WriteAsync(tx => { tx.CompleteEmbedding(new IndexWork("memstore_v", "memstore_v_0", "e1")); return true; }, CancellationToken.None);

        var loaded = new List<ChunkVector>();
        (string, int)? after = null;
        while (await _storage.LoadVectorsAsync("memstore_v", after, 4, CancellationToken.None) is { Count: > 0 } page)
        {
            loaded.AddRange(page);
            after = (page[^1].MemoryId, page[^1].Chunk);
        }

        Assert.Equal(vectors.Select(v => (v.MemoryId, v.Chunk, v.Heading, string.Join(',', v.Vector))), loaded.Select(v => (v.MemoryId, v.Chunk, v.Heading, string.Join(',', v.Vector))));
        Assert.Equal((3, 2), await _storage.EmbeddingProgressAsync("memstore_v", true, CancellationToken.None));
        Assert.Empty(await _storage.StoresEmbeddedByOtherModelsAsync("model-a", CancellationToken.None));
        Assert.Equal(["memstore_v"], await _storage.StoresEmbeddedByOtherModelsAsync("model-b", CancellationToken.None));

        await _storage.WriteAsync(tx => { tx.RemoveDocument("memstore_v", "memstore_v_1"); return true; }, CancellationToken.None);
        Assert.Equal(4, (await _storage.LoadVectorsAsync("memstore_v", null, 100, CancellationToken.None)).Count);

        await _storage.WriteAsync(tx => { tx.SetStoreEmbedding("memstore_v", false, "e2"); return true; }, CancellationToken.None);
        Assert.Empty(await _storage.LoadVectorsAsync("memstore_v", null, 100, CancellationToken.None));
        Assert.Empty(await _storage.PendingEmbeddingWorkAsync("memstore_v", 100, CancellationToken.None));

        await _storage.WriteAsync(tx => { tx.SetStoreEmbedding("memstore_v", true, "e3"); return true; }, CancellationToken.None);
        Assert.Equal(3, (await _storage.PendingEmbeddingWorkAsync(null, 100, CancellationToken.None)).Count(w => w.Token == "e3"));
    }

    [Fact]
    public async Task Documents_and_outlines_list_in_path_order()
    {
        await StoreAsync(_storage, "memstore_l", ("/b/two.md", "---\ndescription: Second\npin: true\n---\nbody"), ("/a/one.md", "# First\n\nbody"), ("/b/three.md", "body"));

        Assert.Equal(["/a/one.md", "/b/three.md", "/b/two.md"], (await _storage.ListDocumentsAsync("memstore_l", "/", null, 10, CancellationToken.None)).Select(d => d.Document.Path));
        Assert.Equal(["/b/two.md"], (await _storage.ListOutlinesAsync("memstore_l", "/b/", "/b/three.md", 10, CancellationToken.None)).Select(o => o.Path));
        var outline = Assert.Single(await _storage.ListOutlinesAsync("memstore_l", "/b/", "/b/three.md", 10, CancellationToken.None));
        Assert.True(outline.Pin);
        Assert.Equal("First", (await _storage.GetDocumentAsync("memstore_l", "memstore_l_1", CancellationToken.None))?.Summary);
        Assert.Equal(2, (await _storage.GetDocumentsAsync("memstore_l", ["memstore_l_0", "memstore_l_2", "nope"], CancellationToken.None)).Count);
    }

    private static Task<IReadOnlyList<TextHit>> SearchAsync(ISearchIndexStorage storage, string storeId, string text, TextFilter? filter = null, int offset = 0, int limit = 20) =>
        storage.SearchTextAsync(storeId, SearchQueryParser.Parse(text), filter ?? new TextFilter("/", [], null), offset, limit, CancellationToken.None);

    /// <summary>A store with the memories given, indexed (memory i is <c>{storeId}_{i}</c>, updated i minutes after <see cref="Now"/>).</summary>
    private static Task StoreAsync(IEngramStorage storage, string storeId, params (string Path, string Content)[] memories) =>
        storage.WriteAsync(tx =>
        {
            tx.InsertStore(new MemoryStore(storeId, storeId, "", new Dictionary<string, string>(), Now, Now, null));
            for (var i = 0; i < memories.Length; i++)
            {
                var (path, content) = memories[i];
                var sha = Sha(content);
                tx.SaveContent(sha, content);
                tx.InsertMemory(new Memory($"{storeId}_{i}", storeId, path, null, sha, content.Length, $"ver_{storeId}_{i}", Now, Now.AddMinutes(i + 1)));
                tx.UpsertDocument(storeId, $"{storeId}_{i}", SearchDocument.Of(path, sha, content));
            }

            return true;
        }, CancellationToken.None);

    private static string Sha(string content) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));
}
