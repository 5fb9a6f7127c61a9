using Engram.Access;
using Engram.Memories;

namespace Engram.Storage;

/// <summary>
/// Data operations inside one write transaction. They enforce no rules: the library decides what may
/// be written, the writer only reads and writes rows. Memories and versions are returned without content.
/// </summary>
public partial interface IStorageWriter
{
    /// <summary>The store, or null.</summary>
    MemoryStore? GetStore(string storeId);

    /// <summary>Adds a store.</summary>
    void InsertStore(MemoryStore store);

    /// <summary>Replaces a store's fields.</summary>
    void UpdateStore(MemoryStore store);

    /// <summary>Removes a store with its memories and versions, and content no other version uses.</summary>
    void DeleteStore(string storeId);

    /// <summary>The live memory, or null.</summary>
    Memory? GetMemory(string storeId, string memoryId);

    /// <summary>The first live memory whose path is one of <paramref name="paths"/>, or null.</summary>
    Memory? FindMemoryAtAnyPath(string storeId, IReadOnlyList<string> paths);

    /// <summary>The first live memory other than <paramref name="exceptMemoryId"/> whose path starts with <paramref name="prefix"/>, or null.</summary>
    Memory? FindFirstMemoryUnder(string storeId, string prefix, string? exceptMemoryId);

    /// <summary>Stores content under its hash unless it is stored already (identical content is stored once).</summary>
    void SaveContent(string sha256, string content);

    /// <summary>The stored content with this hash, or null when none is stored.</summary>
    string? GetContent(string sha256);

    /// <summary>Adds a live memory (its content must already be saved).</summary>
    void InsertMemory(Memory memory);

    /// <summary>Replaces a live memory's path, content reference, version and timestamps.</summary>
    void UpdateMemory(Memory memory);

    /// <summary>Removes a live memory (its versions stay).</summary>
    void DeleteMemory(string storeId, string memoryId);

    /// <summary>Appends a version (its content, if any, must already be saved).</summary>
    void InsertVersion(MemoryVersion version);

    /// <summary>The version, or null.</summary>
    MemoryVersion? GetVersion(string storeId, string versionId);

    /// <summary>
    /// Clears a version's path, content hash and size, records who redacted it and when, and erases the
    /// content itself when no other version anywhere refers to it.
    /// </summary>
    void RedactVersion(string storeId, string versionId, DateTimeOffset redactedAt, Actor redactedBy);
}
