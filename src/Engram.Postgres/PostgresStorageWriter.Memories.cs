using Engram.Storage;
using Engram.Access.Audit;
using Engram.Access.Policies;
using Engram.Access;
using Engram.Dreaming.Dreams;
using Engram.Memories;
using Engram.Review;
using Engram.Search;
using Engram.Sessions;

namespace Engram.Postgres;

internal sealed partial class PostgresStorageWriter : IMemoryWriter
{
    public MemoryStore? GetStore(string storeId) => throw new NotImplementedException();
    public void InsertStore(MemoryStore store) => throw new NotImplementedException();
    public void UpdateStore(MemoryStore store) => throw new NotImplementedException();
    public void DeleteStore(string storeId) => throw new NotImplementedException();
    public Memory? GetMemory(string storeId, string memoryId) => throw new NotImplementedException();
    public Memory? FindMemoryAtAnyPath(string storeId, IReadOnlyList<string> paths) => throw new NotImplementedException();
    public Memory? FindFirstMemoryUnder(string storeId, string prefix, string? exceptMemoryId) => throw new NotImplementedException();
    public IReadOnlyList<Memory> ListStoreMemories(string storeId) => throw new NotImplementedException();
    public void SaveContent(string sha256, string content) => throw new NotImplementedException();
    public string? GetContent(string sha256) => throw new NotImplementedException();
    public void InsertMemory(Memory memory) => throw new NotImplementedException();
    public void UpdateMemory(Memory memory) => throw new NotImplementedException();
    public void DeleteMemory(string storeId, string memoryId) => throw new NotImplementedException();
    public void InsertVersion(MemoryVersion version) => throw new NotImplementedException();
    public MemoryVersion? GetVersion(string storeId, string versionId) => throw new NotImplementedException();
    public void RedactVersion(string storeId, string versionId, DateTimeOffset redactedAt, Actor redactedBy) => throw new NotImplementedException();
}
