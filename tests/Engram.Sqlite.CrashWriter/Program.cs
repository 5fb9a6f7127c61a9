// Writes to an Engram SQLite database from several concurrent writers and prints one line per
// acknowledged write ("ACK <version id> <memory id> <sha256>"), until it is killed. The crash test
// kills it with SIGKILL at random moments and checks that every acknowledged write survived.
using System.Globalization;
using Engram;
using Engram.Access;
using Engram.Memories;
using Engram.Sqlite;

var databasePath = args[0];
var writers = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 4;
var run = Guid.NewGuid().ToString("N")[..8];
var output = Console.Out;
var gate = new Lock();

await using var engine = new EngramEngine(SqliteMemoryStorage.Open(new SqliteStorageOptions(databasePath)));
var caller = new Caller(Actor.User("user_crashwriter"));
var memories = engine.Memories;
var stores = await memories.ListStoresAsync(caller, new StoreListQuery(), CancellationToken.None);
var storeId = stores.Data.Count > 0 ? stores.Data[0].Id : (await memories.CreateStoreAsync(caller, new CreateStoreRequest("crash"), CancellationToken.None)).Id;
lock (gate)
{
    output.WriteLine($"STORE {storeId}");
    output.Flush();
}

await Task.WhenAll(Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
{
    for (var i = 0; ; i += 2)
    {
        var created = (await memories.CreateMemoryAsync(
            caller, storeId, new CreateMemoryRequest($"/w{writer}/{run}-{i}.md", $"writer {writer} run {run} write {i}\n"), CancellationToken.None)).Value;
        Acknowledge(created);
        var updated = (await memories.UpdateMemoryAsync(
            caller, storeId, created.Id, new UpdateMemoryRequest($"writer {writer} run {run} write {i + 1}\n", ExpectedContentSha256: created.ContentSha256), CancellationToken.None)).Value;
        Acknowledge(updated);
    }
})));

void Acknowledge(Memory memory)
{
    lock (gate)
    {
        output.WriteLine($"ACK {memory.MemoryVersionId} {memory.Id} {memory.ContentSha256}");
        output.Flush();
    }
}
