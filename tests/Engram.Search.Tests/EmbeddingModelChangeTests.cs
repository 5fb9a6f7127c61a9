using Engram.Access;
using Engram.Client;
using Engram.Conformance;
using Engram.Memories;
using Engram.Sqlite;

namespace Engram.Search.Tests;

public sealed class EmbeddingModelChangeTests
{
    [Fact]
    public async Task A_store_embedded_by_another_model_is_embedded_again_and_its_old_vectors_dropped()
    {
        using var directory = new TemporaryDirectory();
        var first = new NamedEmbedder("model-a");
        string store;
        await using (var engine = Open(directory, first))
        {
            await engine.Access.BootstrapAsync("user_admin", "admin", CancellationToken.None);
            var admin = new LocalEngramClient(engine, Caller.LocalOperator("user_admin"));
            store = (await admin.CreateStoreAsync(new CreateStoreRequest("notes", "", new Dictionary<string, string> { ["engram.semantic"] = "on" }))).Id;
            await admin.CreateMemoryAsync(store, new CreateMemoryRequest("/a.md", "Deploys go out on Tuesdays."));
            await admin.CreateMemoryAsync(store, new CreateMemoryRequest("/b.md", "Rollbacks use the previous tag."));
            await engine.Indexer.DrainAsync(null, CancellationToken.None);
            Assert.Equal(2, await engine.Embeddings!.DrainAsync(CancellationToken.None));
        }

        var second = new NamedEmbedder("model-b");
        await using (var engine = Open(directory, second))
        {
            Assert.Equal(2, await engine.Embeddings!.DrainAsync(CancellationToken.None));
            var vectors = await engine.Storage.LoadVectorsAsync(store, null, 1_000, CancellationToken.None);
            Assert.Equal(2, vectors.Count);
            Assert.All(vectors, v => Assert.Equal(second.Axis, Array.IndexOf(v.Vector, 1f)));
            Assert.Equal(2, second.Texts);
        }

        var again = new NamedEmbedder("model-b");
        await using (var engine = Open(directory, again))
        {
            Assert.Equal(0, await engine.Embeddings!.DrainAsync(CancellationToken.None));
            Assert.Single(await engine.Embeddings.NearestAsync(store, "tuesday deploys", 1, CancellationToken.None));
            Assert.Equal(0, again.Texts);
        }
    }

    private static EngramEngine Open(TemporaryDirectory directory, ITextEmbedder embedder) => new(
        SqliteMemoryStorage.Open(new SqliteStorageOptions(Path.Combine(directory.Path, "engram.db")) { Durability = Durability.Normal }), embedder: embedder);

    /// <summary>A stand-in model whose unit vectors say which model made them (the axis they lie on), counting the documents it embeds.</summary>
    private sealed class NamedEmbedder(string model) : ITextEmbedder
    {
        public int Dimensions => 4;

        public string Model => model;

        public int Axis => model[^1] - 'a';

        public int Texts { get; private set; }

        public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken)
        {
            Texts += texts.Count;
            return [.. texts.Select(_ => Unit(Axis))];
        }

        public float[][] EmbedQueries(IReadOnlyList<string> queries, CancellationToken cancellationToken) =>
            [.. queries.Select(_ => Unit(Axis))];

        private static float[] Unit(int axis)
        {
            var vector = new float[4];
            vector[axis] = 1;
            return vector;
        }
    }
}
