using Engram.Conformance;
using System.Net;
using System.Text.Json;
using Engram.Postgres;

namespace Engram.Cli.Tests;

/// <summary>
/// The built <c>engram</c> on PostgreSQL (<c>--postgres</c>, <c>$ENGRAM_POSTGRES</c>), as a person or a deployment
/// runs it: migrations, init and local-mode commands, and a server. Each test has a fresh database of the test cluster.
/// </summary>
public sealed class PostgresCliTests : IAsyncLifetime
{
    private readonly EngramProcess _engram = new();
    private PostgresTestDatabase _database = null!;

    public Task InitializeAsync()
    {
        _database = PostgresTestDatabase.Create("engram_cli_");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        _engram.Dispose();
    }

    /// <summary>Runs engram on the test database, given by <c>--postgres</c>.</summary>
    private Task<EngramProcess.Result> OnPostgres(params string[] args) =>
        _engram.RunWithEnvironmentAsync(null, new Dictionary<string, string>(), ["--postgres", _database.ConnectionString, .. args]);

    /// <summary>Runs engram on the test database, given by <c>$ENGRAM_POSTGRES</c>, with <paramref name="stdin"/>.</summary>
    private Task<EngramProcess.Result> OnPostgresEnvironment(string[] args, string? stdin = null) =>
        _engram.RunWithEnvironmentAsync(null, new Dictionary<string, string> { ["ENGRAM_POSTGRES"] = _database.ConnectionString }, args, stdin);

    [Fact]
    public async Task Migrate_applies_the_schema_once_and_the_second_run_applies_nothing()
    {
        var first = (await OnPostgres("migrate", "--json")).Ok().Json;
        Assert.Equal(PostgresDatabase.SchemaVersion, first.GetProperty("applied").GetInt32());
        Assert.Equal(PostgresDatabase.SchemaVersion, first.GetProperty("version").GetInt32());

        var second = (await OnPostgres("migrate")).Ok();
        Assert.Contains($"is at schema version {PostgresDatabase.SchemaVersion}; nothing to apply", second.Out, StringComparison.Ordinal);
        Assert.Equal(PostgresDatabase.SchemaVersion, await _database.ScalarAsync<long>("SELECT count(*) FROM engram_schema"));
        Assert.Equal(PostgresDatabase.SchemaVersion, await _database.ScalarAsync<int>("SELECT max(version) FROM engram_schema"));
    }

    [Fact]
    public async Task Two_migrates_started_at_once_both_succeed_and_apply_each_migration_once()
    {
        var results = await Task.WhenAll(OnPostgres("migrate", "--json"), OnPostgres("migrate", "--json"));

        var applied = results.Select(r => r.Ok().Json.GetProperty("applied").GetInt32()).ToList();
        Assert.All(results, r => Assert.Equal(PostgresDatabase.SchemaVersion, r.Json.GetProperty("version").GetInt32()));
        Assert.Equal(PostgresDatabase.SchemaVersion, applied.Sum()); // the second waited on the advisory lock, then found nothing to do
        Assert.Equal(PostgresDatabase.SchemaVersion, await _database.ScalarAsync<long>("SELECT count(*) FROM engram_schema"));
        Assert.Equal(1L, await _database.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE tablename = 'engram_local_operator'"));
    }

    [Fact]
    public async Task A_command_on_a_database_no_init_set_up_says_to_run_init()
    {
        var result = await OnPostgres("ls");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("init --postgres", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_migrates_at_start_and_refuses_a_database_no_init_set_up()
    {
        var result = await OnPostgres("serve", "--urls", "http://127.0.0.1:1");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no local operator yet", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("serving", result.Error, StringComparison.Ordinal);
        Assert.Equal(PostgresDatabase.SchemaVersion, await _database.ScalarAsync<int>("SELECT max(version) FROM engram_schema"));
    }

    [Fact]
    public async Task A_data_directory_and_a_database_together_are_refused()
    {
        var both = await _engram.RunWithEnvironmentAsync(_engram.Data, new Dictionary<string, string>(), ["--postgres", _database.ConnectionString, "ls"]);
        Assert.Equal(2, both.ExitCode);
        Assert.StartsWith("engram: --data: ", both.Error, StringComparison.Ordinal);

        var remote = await OnPostgres("--server", "http://127.0.0.1:1", "--api-key", "engram_sk_x", "ls");
        Assert.Equal(2, remote.ExitCode);
        Assert.StartsWith("engram: --postgres: ", remote.Error, StringComparison.Ordinal);

        var durability = await OnPostgres("--durability", "normal", "ls");
        Assert.Equal(2, durability.ExitCode);
        Assert.Contains("synchronous_commit", durability.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_on_a_data_directory_or_an_unreachable_database_says_why()
    {
        var local = await _engram.RunAsync("migrate");
        Assert.Equal(2, local.ExitCode);
        Assert.Contains("--postgres", local.Error, StringComparison.Ordinal);

        var unreachable = await _engram.RunWithEnvironmentAsync(null, new Dictionary<string, string>(), ["--postgres", "Host=127.0.0.1;Port=1;Username=nobody;Password=secret-word;Database=x", "migrate"]);
        Assert.Equal(6, unreachable.ExitCode);
        Assert.StartsWith("engram: cannot reach PostgreSQL 127.0.0.1:1/x", unreachable.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-word", unreachable.Error, StringComparison.Ordinal);

        var garbled = await _engram.RunWithEnvironmentAsync(null, new Dictionary<string, string>(), ["--postgres", "no such=thing", "migrate"]);
        Assert.Equal(2, garbled.ExitCode);
        Assert.StartsWith("engram: --postgres: ", garbled.Error, StringComparison.Ordinal);
    }

    // Needs the storage ports (the lead merges them): init bootstraps the operator through the access port.
    [Fact]
    public async Task Init_then_store_create_write_and_cat_work_in_local_mode_on_postgres()
    {
        var init = (await OnPostgres("init", "--operator", "alice", "--json")).Ok().Json;
        Assert.True(init.GetProperty("created").GetBoolean());
        Assert.Equal("alice", init.GetProperty("local_user_name").GetString());
        Assert.StartsWith("engram_sk_", init.GetProperty("api_key").GetProperty("secret").GetString(), StringComparison.Ordinal);
        var again = (await OnPostgres("init", "--json")).Ok().Json;
        Assert.False(again.GetProperty("created").GetBoolean());
        Assert.Equal(JsonValueKind.Null, again.GetProperty("api_key").ValueKind);
        Assert.Equal(init.GetProperty("local_user_id").GetString(), again.GetProperty("local_user_id").GetString());

        (await OnPostgresEnvironment(["store", "create", "team", "--description", "the team's notes"])).Ok();
        var written = (await OnPostgresEnvironment(["write", "/notes/todo.md", "--reason", "first"], "- ship the postgres backend\n")).Ok();
        Assert.StartsWith("created", written.Out, StringComparison.Ordinal);
        Assert.Equal("- ship the postgres backend\n", (await OnPostgresEnvironment(["cat", "/notes/todo.md"])).Ok().Out);
        var log = (await OnPostgres("log", "/notes/todo.md")).Ok();
        Assert.Contains("first", log.Out, StringComparison.Ordinal);
    }

    // Needs the storage ports (the lead merges them).
    [Fact]
    public async Task Two_inits_at_once_record_one_operator_and_one_of_them_prints_its_key()
    {
        var results = await Task.WhenAll(OnPostgres("init", "--json"), OnPostgres("init", "--json"));

        var answers = results.Select(r => r.Ok().Json).ToList();
        var created = Assert.Single(answers, a => a.GetProperty("created").GetBoolean());
        var found = Assert.Single(answers, a => !a.GetProperty("created").GetBoolean());
        Assert.Equal(created.GetProperty("local_user_id").GetString(), found.GetProperty("local_user_id").GetString());
        Assert.Equal(JsonValueKind.Object, created.GetProperty("api_key").ValueKind);
        Assert.Equal(JsonValueKind.Null, found.GetProperty("api_key").ValueKind);
        Assert.Equal(1L, await _database.ScalarAsync<long>("SELECT count(*) FROM engram_local_operator"));
    }

    // Needs the storage ports (the lead merges them).
    [Fact]
    public async Task Serve_on_postgres_answers_healthz_and_takes_the_key_init_printed()
    {
        var init = (await OnPostgres("init", "--json")).Ok().Json;
        var key = init.GetProperty("api_key").GetProperty("secret").GetString()!;
        (await OnPostgres("store", "create", "team")).Ok();

        await using var server = await ServeProcess.StartOnPostgresAsync(_database.ConnectionString);
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(server.Url + "/healthz")).StatusCode);

        var stores = (await _engram.RunWithEnvironmentAsync(null, new Dictionary<string, string>(), ["--server", server.Url, "--api-key", key, "store", "list"])).Ok();
        Assert.Contains("team", stores.Out, StringComparison.Ordinal);
        var (exitCode, _, error) = await server.TerminateAsync();
        Assert.Equal(0, exitCode);
        Assert.Contains("serving PostgreSQL ", error, StringComparison.Ordinal);
    }
}
