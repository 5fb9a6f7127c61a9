namespace Engram.Storage;

/// <summary>
/// A whole storage backend: every feature's port, over one database, so a unit of work can span features. A
/// backend (SQLite, PostgreSQL) implements this; each service takes only the ports it uses, and each port has its
/// own conformance suite (docs/ARCHITECTURE.md lists them). Disposing finishes queued writes and closes the backend.
/// </summary>
public interface IEngramStorage : IMemoryStorage, IAccessStorage, IAuditStorage, ISessionStorage, ISearchIndexStorage, IDreamStorage, IProposalStorage, IAsyncDisposable;
