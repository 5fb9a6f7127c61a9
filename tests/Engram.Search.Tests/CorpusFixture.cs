using System.Text.Json;
using Engram.Client;
using Engram.Memories;
using Engram.Semantic;

namespace Engram.Search.Tests;

/// <summary>
/// The relevance corpus (Fixtures/corpus.jsonl, a few hundred realistic memories) loaded once into a store
/// with semantic search on, indexed and embedded with the real local model.
/// </summary>
public sealed class CorpusFixture : IAsyncLifetime
{
    private EngramWorld _world = null!;

    public EngramEngine Engine => _world.Engine;

    public IEngramClient Admin => _world.Admin;

    public string StoreId { get; private set; } = null!;

    public IReadOnlyList<(string Path, string Content)> Corpus { get; private set; } = [];

    public async Task InitializeAsync()
    {
        _world = await EngramWorld.Create().WithEmbedder(new LocalEmbedder(LocalModel.Default)).StartAsync();
        StoreId = (await Admin.CreateStoreAsync(new CreateStoreRequest("corpus", "A realistic engineering memory store.",
            new Dictionary<string, string> { ["engram.semantic"] = "on", ["engram.stale_after_days"] = "365" }))).Id;
        Corpus = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", "corpus.jsonl"))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Select(doc => (doc.GetProperty("path").GetString()!, doc.GetProperty("content").GetString()!))
            .ToList();
        await Task.WhenAll(Corpus.Chunk(Corpus.Count / 4 + 1).Select(part => Task.Run(async () =>
        {
            foreach (var (path, content) in part)
            {
                await Admin.CreateMemoryAsync(StoreId, new CreateMemoryRequest(path, content));
            }
        })));
        await Engine.Indexer.DrainAsync(null, CancellationToken.None);
        await Engine.Embeddings!.DrainAsync(CancellationToken.None);
    }

    public Task DisposeAsync() => _world.DisposeAsync().AsTask();
}
