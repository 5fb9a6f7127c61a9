using System.Globalization;
using Engram.Errors;
using Engram.Memories;

namespace Engram.Sqlite.Tests;

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Sixteen_writers_incrementing_one_counter_lose_no_update_and_leave_a_linear_history()
    {
        const int writers = 16;
        const int incrementsEach = 200;
        await using var target = new SqliteTarget();
        var client = target.Admin;
        var store = await client.CreateStoreAsync(new CreateStoreRequest("counters"));
        var counter = (await client.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/counter", "0"))).Value;

        // Each write names its writer: the compatible API accepts an update whose content is already exactly
        // what is stored, whatever the precondition, so two writers must never write identical content.
        var retries = 0;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
        {
            for (var done = 0; done < incrementsEach;)
            {
                var current = await client.GetMemoryAsync(store.Id, counter.Id, MemoryView.Full);
                var next = $"{Value(current.Content!) + 1}\nby writer {writer}";
                try
                {
                    await client.UpdateMemoryAsync(store.Id, counter.Id, new UpdateMemoryRequest(next, ExpectedContentSha256: current.ContentSha256));
                    done++;
                }
                catch (PreconditionFailedException)
                {
                    Interlocked.Increment(ref retries);
                }
            }
        })));

        var final = await client.GetMemoryAsync(store.Id, counter.Id, MemoryView.Full);
        Assert.Equal(writers * incrementsEach, Value(final.Content!));
        Assert.True(retries > 0, "the writers never collided, so the test did not exercise the precondition");

        // Linear: oldest to newest, each version's content is its predecessor's plus one, so each was based on the head before it.
        var history = new List<MemoryVersion>();
        string? page = null;
        do
        {
            var result = await client.ListVersionsAsync(store.Id, new VersionListQuery(MemoryId: counter.Id, Limit: 20, Page: page, View: MemoryView.Full));
            history.AddRange(result.Data);
            page = result.NextPage;
        }
        while (page is not null);

        history.Reverse();
        Assert.Equal(Enumerable.Range(0, writers * incrementsEach + 1), history.Select(v => Value(v.Content!)));
        Assert.Equal(final.MemoryVersionId, history[^1].Id);
    }

    private static int Value(string content) => int.Parse(content.Split('\n')[0], CultureInfo.InvariantCulture);
}
