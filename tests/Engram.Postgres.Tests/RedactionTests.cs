using System.Text;
using Engram.Memories;
using Npgsql;
using Xunit.Abstractions;

namespace Engram.Postgres.Tests;

/// <summary>A redaction erases the text from the database's files, not only from what Engram returns.</summary>
public sealed class RedactionTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_redacted_secret_is_in_none_of_the_database_files(bool aReaderHoldsAnOlderSnapshot)
    {
        await using var nodes = await TwoNodes.StartAsync();
        var client = nodes.Clients[0];
        var secret = $"SECRET-{Guid.NewGuid():N}";
        var store = await client.CreateStoreAsync(new CreateStoreRequest("redaction"));

        // The secret is the newest row of its page when it is erased: a plain VACUUM leaves such a row's bytes in the
        // page's free space (this test fails with one), as nothing is compacted over them.
        var filler = (await client.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/filler", new string('f', 600)))).Value;
        var memory = (await client.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/notes", $"the key is {secret}\n"))).Value;
        var leaked = memory.MemoryVersionId;

        // Updated to content stored already, so no row is written after the secret's.
        await client.UpdateMemoryAsync(store.Id, memory.Id, new UpdateMemoryRequest(new string('f', 600)));

        await using var connection = new NpgsqlConnection(nodes.ConnectionString);
        await connection.OpenAsync();
        var files = await DatabaseFilesAsync(connection);
        var canFlush = await TryCheckpointAsync(connection);
        if (files is not null && canFlush)
        {
            // The control: before the redaction the secret is on disk, so the search below can find it.
            Assert.NotEmpty(FilesHolding(files, secret));
        }

        var fileBefore = await ScalarAsync(connection, "SELECT pg_relation_filenode('contents')", null);
        if (aReaderHoldsAnOlderSnapshot)
        {
            // A read in progress (here a repeatable-read transaction, on its own connection) could still see the
            // secret's row: a rewrite now would copy it along, so the redaction's purge waits for the reader to end.
            await using var reader = new NpgsqlConnection(nodes.ConnectionString);
            await reader.OpenAsync();
            await using var transaction = await reader.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead);
            await using (var read = new NpgsqlCommand("SELECT count(*) FROM contents", reader, transaction))
            {
                await read.ExecuteScalarAsync();
            }

            var redacting = client.RedactVersionAsync(store.Id, leaked);
            await Task.Delay(1_000);
            Assert.False(redacting.IsCompleted, "the redaction was acknowledged while a snapshot that sees the secret was still held");
            await transaction.CommitAsync();
            await redacting;
        }
        else
        {
            await client.RedactVersionAsync(store.Id, leaked);
        }

        Assert.Null(await nodes.Storages[1].GetContentAsync(memory.ContentSha256, CancellationToken.None));
        Assert.Equal(0L, await ScalarAsync(connection, "SELECT count(*) FROM contents WHERE position($1::bytea IN body) > 0", Encoding.UTF8.GetBytes(secret)));
        Assert.Equal(0L, await ScalarAsync(connection, "SELECT count(*) FROM versions WHERE content_sha256 = $1", memory.ContentSha256));
        Assert.Equal(1L, await ScalarAsync(connection, "SELECT count(*) FROM contents WHERE sha256 = $1", filler.ContentSha256));

        // The contents table was rewritten after the commit: VACUUM FULL gives it a new file and empties the old one.
        Assert.NotEqual(fileBefore, await ScalarAsync(connection, "SELECT pg_relation_filenode('contents')", null));
        if (files is not null && canFlush)
        {
            await TryCheckpointAsync(connection);
            var holding = FilesHolding(files, secret);
            Assert.True(holding.Count == 0, $"the secret is still in {string.Join(", ", await RelationsAsync(connection, holding))}");
            output.WriteLine($"searched every file under {files} for the secret's bytes: none after the redaction (and some before it)");
        }
        else
        {
            output.WriteLine($"data directory not readable or CHECKPOINT not allowed ({files ?? "no directory"}, checkpoint: {canFlush}): proved through SQL only");
        }
    }

    /// <summary>The directory of this database's files, when this process can read it.</summary>
    private static async Task<string?> DatabaseFilesAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand(
            "SELECT current_setting('data_directory') || '/base/' || oid FROM pg_database WHERE datname = current_database()", connection);
        try
        {
            var directory = (string)(await command.ExecuteScalarAsync())!;
            return Directory.Exists(directory) && Directory.EnumerateFiles(directory).Any() ? directory : null;
        }
        catch (Exception error) when (error is PostgresException or UnauthorizedAccessException or IOException)
        {
            return null;
        }
    }

    /// <summary>Writes every dirty page to the files (needs superuser or pg_checkpoint); false when not allowed.</summary>
    private static async Task<bool> TryCheckpointAsync(NpgsqlConnection connection)
    {
        try
        {
            await using var command = new NpgsqlCommand("CHECKPOINT", connection);
            await command.ExecuteNonQueryAsync();
            return true;
        }
        catch (PostgresException error) when (error.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            return false;
        }
    }

    /// <summary>Which relation each file is (a file name is its relation's file node, with a fork or segment suffix).</summary>
    private static async Task<List<string>> RelationsAsync(NpgsqlConnection connection, List<string> files)
    {
        var names = new List<string>();
        foreach (var file in files)
        {
            var node = Path.GetFileName(file).Split('_', '.')[0];
            await using var command = new NpgsqlCommand("SELECT coalesce(pg_filenode_relation(0, $1::oid)::text, 'no relation')", connection);
            command.Parameters.Add(new NpgsqlParameter { Value = long.Parse(node, System.Globalization.CultureInfo.InvariantCulture) });
            names.Add($"{file} ({await command.ExecuteScalarAsync()}, {new FileInfo(file).Length} bytes)");
        }

        return names;
    }

    private static List<string> FilesHolding(string directory, string secret)
    {
        var needle = Encoding.UTF8.GetBytes(secret);
        return Directory.EnumerateFiles(directory).Where(file => File.ReadAllBytes(file).AsSpan().IndexOf(needle) >= 0).ToList();
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql, object? parameter)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        if (parameter is not null)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
