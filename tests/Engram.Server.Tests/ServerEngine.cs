using Engram.Conformance;
using Engram.Access;
using Engram.Identity;
using Engram.Postgres;
using Engram.Sqlite;
using Engram.Testing;

namespace Engram.Server.Tests;

/// <summary>
/// A fresh engine on one <see cref="ServerBackend"/> with a bootstrapped admin and its key: what a <see cref="TestServer"/>
/// serves. Disposing it closes the engine and removes its data (the temporary directory, or the database).
/// </summary>
internal sealed class ServerEngine : IAsyncDisposable
{
    private readonly Func<ValueTask> _release;

    private ServerEngine(EngramEngine engine, string adminId, CreatedApiKey adminKey, Func<ValueTask> release)
    {
        Engine = engine;
        AdminId = adminId;
        AdminKey = adminKey;
        _release = release;
    }

    public EngramEngine Engine { get; }

    public string AdminId { get; }

    /// <summary>The key bootstrapping made for the admin.</summary>
    public CreatedApiKey AdminKey { get; }

    public static Task<ServerEngine> StartAsync(ServerBackend backend) => backend switch
    {
        ServerBackend.Sqlite => OnSqliteAsync(),
        ServerBackend.Postgres => OnPostgresAsync(),
        _ => throw new ArgumentOutOfRangeException(nameof(backend), backend, "no such backend"),
    };

    public ValueTask DisposeAsync() => _release();

    /// <summary>A data directory as <c>engram init</c> makes it, every write synced, as <c>engram serve</c> runs it.</summary>
    private static async Task<ServerEngine> OnSqliteAsync()
    {
        var world = await EngramWorld.Create().AsDataDirectory().WithDurability(Durability.Full).StartAsync();
        return new ServerEngine(world.Engine, world.AdminId, world.AdminKey, world.DisposeAsync);
    }

    /// <summary>A fresh database, migrated on open, with an admin bootstrapped in it, as <c>engram init --postgres</c> leaves one.</summary>
    private static async Task<ServerEngine> OnPostgresAsync()
    {
        var database = PostgresTestDatabase.Create("engram_server_");
        try
        {
            var engine = new EngramEngine(await PostgresStorage.OpenAsync(new PostgresStorageOptions(database.ConnectionString)));
            try
            {
                var adminId = engine.Ids.NewId(IdPrefix.User);
                var key = await engine.Access.BootstrapAsync(adminId, "admin", CancellationToken.None);
                return new ServerEngine(engine, adminId, key, async () =>
                {
                    await engine.DisposeAsync();
                    await database.DisposeAsync();
                });
            }
            catch
            {
                await engine.DisposeAsync();
                throw;
            }
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }
}
