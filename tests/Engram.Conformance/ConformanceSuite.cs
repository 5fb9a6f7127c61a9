using Engram.Client;
using Engram.Errors;
using Engram.Memories;
using Engram.Review;

namespace Engram.Conformance;

/// <summary>
/// What every per-port conformance suite shares: a fresh target per test, reached through <see cref="IEngramClient"/>
/// as an administrator, and the one place the suites write memories (so a change to how a write answers is one edit).
/// </summary>
public abstract class ConformanceSuite : IAsyncLifetime
{
    private ConformanceTarget? _target;

    protected ConformanceTarget Target => _target ?? throw new InvalidOperationException("the target has not started");

    protected IEngramClient Client => Target.Admin;

    /// <summary>Starts a fresh, empty target.</summary>
    protected abstract Task<ConformanceTarget> StartAsync();

    public async Task InitializeAsync() => _target = await StartAsync();

    public async Task DisposeAsync()
    {
        if (_target is not null)
        {
            await _target.DisposeAsync();
        }
    }

    protected Task<MemoryStore> NewStoreAsync(string name = "conformance") =>
        Client.CreateStoreAsync(new CreateStoreRequest(name, "a store for the conformance suite"));

    /// <summary>
    /// Writes a memory as <paramref name="client"/>: creates it at <paramref name="path"/>, or, given
    /// <paramref name="memoryId"/>, updates it (to <paramref name="content"/> when not null, moving it to
    /// <paramref name="path"/> when not null).
    /// </summary>
    protected static async Task<Memory> WriteMemoryAsync(IEngramClient client, string storeId, string? path, string? content, string? memoryId = null) =>
        (await TryWriteMemoryAsync(client, storeId, path, content, memoryId)).Value;

    private static Task<WriteResult<Memory>> TryWriteMemoryAsync(IEngramClient client, string storeId, string? path, string? content, string? memoryId) =>
        memoryId is null
            ? client.CreateMemoryAsync(storeId, new CreateMemoryRequest(path, content))
            : client.UpdateMemoryAsync(storeId, memoryId, new UpdateMemoryRequest(content, path));

    /// <summary>Writes as a caller that may only propose there: the proposal filed instead of the write.</summary>
    protected static async Task<Proposal> ProposeAsync(IEngramClient client, string storeId, string? path, string? content, string? memoryId = null)
    {
        var result = await TryWriteMemoryAsync(client, storeId, path, content, memoryId);
        Assert.True(result.IsProposed, "the write was expected to become a proposal");
        return result.Proposal!;
    }

    protected static async Task<TError> Refused<TError>(Func<Task> action, ErrorType type)
        where TError : EngramException
    {
        var error = await Assert.ThrowsAnyAsync<TError>(action);
        Assert.Equal(type, error.Type);
        return error;
    }

    /// <summary>Every item of a paged listing, following its next-page tokens.</summary>
    protected static async Task<List<T>> AllPagesAsync<T>(Func<string?, Task<Page<T>>> list)
    {
        var items = new List<T>();
        string? page = null;
        do
        {
            var result = await list(page);
            items.AddRange(result.Data);
            page = result.NextPage;
        }
        while (page is not null);

        return items;
    }
}
