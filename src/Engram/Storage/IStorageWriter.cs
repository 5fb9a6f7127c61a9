namespace Engram.Storage;

/// <summary>
/// Data operations inside one write transaction, over every feature's port (<see cref="ITransactionalStorage.WriteAsync"/>):
/// one unit of work may touch several features, and all of it commits or none. They enforce no rules: the
/// library decides what may be written, the writer only reads and writes rows.
/// </summary>
public interface IStorageWriter : IMemoryWriter, IAccessWriter, IAuditWriter, ISessionWriter, ISearchIndexWriter, IDreamWriter, IProposalWriter;
