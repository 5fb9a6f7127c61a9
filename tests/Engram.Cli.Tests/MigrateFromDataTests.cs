using Engram.Conformance;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Engram.Cli.Tests;

/// <summary>
/// <c>engram migrate --from-data DIR --to-postgres CONNECTION</c> as an operator moving onto PostgreSQL runs it: a
/// data directory the demo filled (stores, versions with a redaction, sessions, a dream with proposals, policies, a key,
/// audit) copied into a fresh database of the test cluster, then read back through the same commands.
/// </summary>
public sealed partial class MigrateFromDataTests : IAsyncLifetime
{
    private readonly EngramProcess _engram = new();
    private PostgresTestDatabase _database = null!;
    private string _adminKey = null!;

    public async Task InitializeAsync()
    {
        _database = PostgresTestDatabase.Create("engram_cli_");
        var demo = (await _engram.RunAsync("demo")).Ok();
        _adminKey = AdminKey().Match(demo.Out + demo.Error).Value;
        Assert.StartsWith("engram_sk_", _adminKey, StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        _engram.Dispose();
    }

    [Fact]
    public async Task Everything_arrives_with_its_ids_and_a_second_run_adds_nothing()
    {
        var first = (await Migrate("--json")).Ok().Json;
        Assert.True(first.GetProperty("complete").GetBoolean());
        var tables = first.GetProperty("tables").EnumerateArray().ToDictionary(t => t.GetProperty("table").GetString()!);
        foreach (var name in (string[])["stores", "contents", "memories", "versions", "principals", "api_keys", "policy_rules", "sessions", "session_events", "proposals", "audit_events", "dreams", "dream_sessions"])
        {
            var table = tables[name];
            Assert.True(table.GetProperty("source_rows").GetInt64() > 0, $"the demo left {name} empty");
            Assert.Equal(table.GetProperty("source_rows").GetInt64(), table.GetProperty("added").GetInt64());
            Assert.True(table.GetProperty("matches").GetBoolean(), name);
            Assert.Equal(table.GetProperty("source_sha256").GetString(), table.GetProperty("target_sha256").GetString());
        }

        var second = (await Migrate("--json")).Ok().Json;
        Assert.True(second.GetProperty("complete").GetBoolean());
        Assert.All(second.GetProperty("tables").EnumerateArray(), t => Assert.Equal(0, t.GetProperty("added").GetInt64()));
        Assert.Equal(0, second.GetProperty("queued_for_indexing").GetInt64());
    }

    [Fact]
    public async Task The_same_commands_read_the_same_answers_on_postgres_and_the_old_key_works_on_a_postgres_server()
    {
        (await Migrate()).Ok();

        // Local commands act as the data directory's operator on the database, and read what they read there.
        foreach (var args in (string[][])
        [
            ["store", "list", "--all", "--json"],
            ["ls", "--store", "acme-payments", "--json"],
            ["log", "--store", "acme-payments", "/org/conventions.md", "--json"],
            ["proposals", "list", "--store", "acme-payments", "--status", "all", "--json"],
            ["dreams", "list", "--json"],
            ["sessions", "list", "--json"],
            ["search", "--store", "acme-payments", "deploy", "--json"],
        ])
        {
            var before = (await _engram.RunAsync(args)).Ok().Out;
            var after = (await OnPostgres(args)).Ok().Out;
            Assert.Equal(Normalize(before), Normalize(after));
        }

        await using var server = await ServeProcess.StartOnPostgresAsync(_database.ConnectionString);
        var remote = await _engram.RunWithEnvironmentAsync(
            null, new Dictionary<string, string>(), ["--server", server.Url, "--api-key", _adminKey, "cat", "--store", "acme-payments", "/org/conventions.md"]);
        Assert.Equal((await _engram.RunAsync("cat", "--store", "acme-payments", "/org/conventions.md")).Ok().Out, remote.Ok().Out);
    }

    [Fact]
    public async Task A_database_in_use_since_says_which_tables_differ_and_exits_4_changing_nothing_it_holds()
    {
        (await Migrate()).Ok();
        (await OnPostgres(["write", "--store", "acme-payments", "/new-on-postgres.md"], "written after the move\n")).Ok();

        var again = await Migrate();
        Assert.Equal(4, again.ExitCode);
        Assert.Matches(@"memories\s+\d+\s+0\s+\d+\s+DIFFERS", again.Out);
        Assert.Contains("overwrote none of them", again.Out, StringComparison.Ordinal);
        Assert.Equal("written after the move\n", (await OnPostgres("cat", "--store", "acme-payments", "/new-on-postgres.md")).Ok().Out);
    }

    [Fact]
    public async Task Bad_input_is_refused_naming_the_option_and_writes_nothing()
    {
        var noTarget = await _engram.RunWithEnvironmentAsync(null, new Dictionary<string, string>(), ["migrate", "--from-data", _engram.Data]);
        Assert.Equal(2, noTarget.ExitCode);
        Assert.Contains("--to-postgres", noTarget.Error, StringComparison.Ordinal);

        var noDirectory = await _engram.RunWithEnvironmentAsync(
            null, new Dictionary<string, string>(), ["migrate", "--from-data", Path.Combine(_engram.Root, "nowhere"), "--to-postgres", _database.ConnectionString]);
        Assert.Equal(2, noDirectory.ExitCode);
        Assert.Contains("--from-data", noDirectory.Error, StringComparison.Ordinal);
        Assert.Contains("is no Engram data directory", noDirectory.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("--data DIR", noDirectory.Error, StringComparison.Ordinal);
        Assert.Equal(0L, await _database.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));
    }

    private Task<EngramProcess.Result> Migrate(params string[] extra) =>
        _engram.RunWithEnvironmentAsync(null, new Dictionary<string, string>(), ["migrate", "--from-data", _engram.Data, "--to-postgres", _database.ConnectionString, .. extra]);

    private Task<EngramProcess.Result> OnPostgres(string[] args, string? stdin = null) =>
        _engram.RunWithEnvironmentAsync(null, new Dictionary<string, string>(), ["--postgres", _database.ConnectionString, .. args], stdin);

    private Task<EngramProcess.Result> OnPostgres(params string[] args) => OnPostgres(args, null);

    /// <summary>The JSON re-serialized compactly, so only values are compared, not layout.</summary>
    private static string Normalize(string json) => JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement);

    [GeneratedRegex("engram_sk_[A-Za-z0-9_-]+")]
    private static partial Regex AdminKey();
}
