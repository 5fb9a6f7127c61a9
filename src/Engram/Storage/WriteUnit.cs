namespace Engram.Storage;

/// <summary>One queued unit of work and the caller waiting for it: what a backend that commits several units together (group commit) holds.</summary>
internal abstract class WriteUnit(CancellationToken cancellationToken)
{
    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>Runs the work inside the open transaction; an exception means its savepoint is rolled back.</summary>
    public abstract void Run(IStorageWriter writer);

    /// <summary>Hands the result to the caller (only after the commit is durable).</summary>
    public abstract void Succeed();

    public abstract void Fail(Exception error);

    public abstract void Cancel();
}

internal sealed class WriteUnit<T>(Func<IStorageWriter, T> work, CancellationToken cancellationToken) : WriteUnit(cancellationToken)
{
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T _result = default!;

    public Task<T> Task => _completion.Task;

    public override void Run(IStorageWriter writer) => _result = work(writer);

    public override void Succeed() => _completion.TrySetResult(_result);

    public override void Fail(Exception error) => _completion.TrySetException(error);

    public override void Cancel() => _completion.TrySetCanceled(CancellationToken);
}
