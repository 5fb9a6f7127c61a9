namespace Engram.Storage;

/// <summary>
/// What every storage port shares: units of work run in one write transaction. The writer a unit receives
/// spans every feature, because one write touches several (a memory write appends its version, queues its
/// index work and records its audit event in the same commit); each feature's writer interface
/// (<see cref="IMemoryWriter"/>, <see cref="IAccessWriter"/>, ...) lists the operations that belong to it.
/// </summary>
public interface ITransactionalStorage
{
    /// <summary>
    /// Runs <paramref name="work"/> in a write transaction and completes once the transaction is durable.
    /// A backend may run several units of work in one commit (group commit), each in its own savepoint and
    /// in arrival order, so a unit sees every earlier unit's effects. When <paramref name="work"/> throws,
    /// its changes are rolled back, the exception is rethrown to the caller, and other units are unaffected.
    /// Reads through any port see committed state only: once this task completes, every read sees the write.
    /// </summary>
    Task<T> WriteAsync<T>(Func<IStorageWriter, T> work, CancellationToken cancellationToken);
}
