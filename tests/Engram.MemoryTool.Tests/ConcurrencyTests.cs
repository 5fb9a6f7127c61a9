using System.Reflection;
using Engram.Client;
using Engram.Memories;

namespace Engram.MemoryTool.Tests;

/// <summary>Edits are made on the content as read: a change in between is reported and nothing is written.</summary>
public sealed class ConcurrencyTests : IAsyncLifetime
{
    private MemoryToolWorld _world = null!;

    public async Task InitializeAsync() => _world = await MemoryToolWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task A_change_between_read_and_write_of_str_replace_is_reported_and_writes_nothing()
    {
        await _world.WriteAsync(("/todo.md", "alpha\n"));
        var client = InterferingClient.Wrap(_world.Admin, async () =>
        {
            var memory = await _world.Admin.GetMemoryByPathAsync(_world.StoreId, "/todo.md");
            await _world.Admin.UpdateMemoryAsync(_world.StoreId, memory.Id, new UpdateMemoryRequest("someone else's alpha\n"));
        });

        var result = await new MemoryToolHandler(client, _world.StoreId).StrReplaceAsync("/memories/todo.md", "alpha", "beta", CancellationToken.None);

        Assert.Equal(new MemoryToolResult("Error: The file /memories/todo.md changed since it was read; nothing was written. View it again and retry.", true), result);
        Assert.Equal("someone else's alpha\n", await _world.ContentAsync("/todo.md"));
    }

    [Fact]
    public async Task A_change_between_read_and_write_of_insert_is_reported_and_writes_nothing()
    {
        await _world.WriteAsync(("/todo.md", "alpha\n"));
        var client = InterferingClient.Wrap(_world.Admin, async () =>
        {
            var memory = await _world.Admin.GetMemoryByPathAsync(_world.StoreId, "/todo.md");
            await _world.Admin.UpdateMemoryAsync(_world.StoreId, memory.Id, new UpdateMemoryRequest("gamma\n"));
        });

        var result = await new MemoryToolHandler(client, _world.StoreId).InsertAsync("/memories/todo.md", 0, "zeroth", CancellationToken.None);

        Assert.Equal(new MemoryToolResult("Error: The file /memories/todo.md changed since it was read; nothing was written. View it again and retry.", true), result);
        Assert.Equal("gamma\n", await _world.ContentAsync("/todo.md"));
    }
}

/// <summary>A client that runs someone else's write just before the first update it forwards.</summary>
#pragma warning disable CA1852 // DispatchProxy needs an unsealed type to derive from
internal class InterferingClient : DispatchProxy
#pragma warning restore CA1852
{
    private IEngramClient _inner = null!;
    private Func<Task>? _interference;

    public static IEngramClient Wrap(IEngramClient inner, Func<Task> interference)
    {
        var proxy = Create<IEngramClient, InterferingClient>();
        var self = (InterferingClient)(object)proxy;
        self._inner = inner;
        self._interference = interference;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        if (targetMethod!.Name == nameof(IEngramClient.UpdateMemoryAsync) && _interference is { } interfere)
        {
            _interference = null;
            interfere().GetAwaiter().GetResult();
        }

        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException error)
        {
            throw error.InnerException!;
        }
    }
}
