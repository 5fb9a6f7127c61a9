using Engram.Client;
using Engram.Errors;
using Engram.Memories;

namespace Engram.Conformance;

/// <summary>
/// The memory store's contract, asserted through <see cref="IEngramClient"/>. Each backend (and the
/// remote client) runs this very class through one sealed subclass that provides the target.
/// </summary>
public abstract partial class StoreConformanceTests : IAsyncLifetime
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

    protected static async Task<TError> Refused<TError>(Func<Task> action, ErrorType type)
        where TError : EngramException
    {
        var error = await Assert.ThrowsAnyAsync<TError>(action);
        Assert.Equal(type, error.Type);
        return error;
    }

    /// <summary>
    /// Asserts an <c>invalid_request_error</c>. Its field is the one named before the first ": " of the
    /// message, which is how the error reads on the wire as well.
    /// </summary>
    protected static async Task<InvalidInput> Invalid(Func<Task> action)
    {
        var error = await Assert.ThrowsAnyAsync<EngramException>(action);
        Assert.Equal(ErrorType.InvalidRequest, error.Type);
        Assert.Equal("invalid_request_error", error.Code);
        var colon = error.Message.IndexOf(": ", StringComparison.Ordinal);
        return new InvalidInput(colon > 0 ? error.Message[..colon] : "", error.Message);
    }

    /// <summary>An invalid-request error as a client sees it.</summary>
    protected sealed record InvalidInput(string Field, string Message);

    protected async Task<List<MemoryListItem>> ListAllAsync(string storeId, MemoryListQuery query)
    {
        var items = new List<MemoryListItem>();
        var page = await Client.ListMemoriesAsync(storeId, query);
        items.AddRange(page.Data);
        while (page.NextPage is not null)
        {
            page = await Client.ListMemoriesAsync(storeId, query with { Page = page.NextPage });
            items.AddRange(page.Data);
        }

        return items;
    }

    protected async Task<List<MemoryVersion>> HistoryAsync(string storeId, string memoryId)
    {
        var versions = new List<MemoryVersion>();
        string? page = null;
        do
        {
            var result = await Client.ListVersionsAsync(storeId, new VersionListQuery(MemoryId: memoryId, Limit: 100, Page: page));
            versions.AddRange(result.Data);
            page = result.NextPage;
        }
        while (page is not null);

        return versions;
    }
}
