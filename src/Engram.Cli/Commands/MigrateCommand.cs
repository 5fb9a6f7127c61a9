using System.CommandLine;
using Engram.Errors;
using Engram.Postgres;
using Engram.Sqlite;

namespace Engram.Cli.Commands;

/// <summary>
/// <c>engram migrate --postgres CONNECTION</c>: applies the PostgreSQL database's pending schema migrations (under
/// the migration advisory lock, so runs on several machines at once apply each migration once) and prints the
/// version. <c>serve</c> does the same as it starts; this is for applying them ahead of a rolling upgrade.
/// <c>engram migrate --from-data DIR --to-postgres CONNECTION</c> moves a data directory onto PostgreSQL: every
/// store, memory, version, session, dream, proposal, policy, key and audit entry, with its ids, actors and times; run
/// twice, it adds nothing; a count and checksum per table says whether everything arrived.
/// </summary>
internal static class MigrateCommand
{
    public static Command Build()
    {
        var fromData = new Option<string?>("--from-data") { Description = "Copy this data directory (engram init's) into the PostgreSQL database", HelpName = "DIR" };
        var toPostgres = new Option<string?>("--to-postgres") { Description = "The PostgreSQL database to copy into (an Npgsql connection string; default: --postgres or $ENGRAM_POSTGRES)", HelpName = "CONNECTION" };
        return new Command("migrate", "Bring a PostgreSQL database's schema up to date (--postgres or $ENGRAM_POSTGRES) and print its version, or copy a data directory into one (--from-data DIR --to-postgres CONNECTION)")
            .With(fromData, toPostgres)
            .Handle(async (run, ct) =>
            {
                if (run.Parse.GetValue(fromData) is { } directory)
                {
                    return await CopyAsync(run, directory, run.Parse.GetValue(toPostgres), ct);
                }

                if (run.Parse.GetResult(toPostgres) is { Implicit: false })
                {
                    throw new InvalidRequestException("--to-postgres", "names where --from-data DIR is copied to; without --from-data, give the database with --postgres");
                }

                var backend = run.Backend();
                var migration = await backend.MigrateAsync(ct);
                return run.Report(
                    new Dictionary<string, object?> { ["database"] = backend.JsonLocation.Value, ["applied"] = migration.Applied, ["version"] = migration.Version },
                    migration.Applied == 0
                        ? $"{backend.Description} is at schema version {migration.Version}; nothing to apply"
                        : $"migrated {backend.Description} to schema version {migration.Version} ({migration.Applied} migration{(migration.Applied == 1 ? "" : "s")} applied)");
            });
    }

    private static async Task<int> CopyAsync(CliRun run, string directory, string? target, CancellationToken cancellationToken)
    {
        var (connectionString, namedBy) = target is not null ? (target, "--to-postgres")
            : run.Parse.GetValue(GlobalOptions.Postgres) is { } given ? (given, run.Parse.GetResult(GlobalOptions.Postgres) is { Implicit: false } ? "--postgres" : "$ENGRAM_POSTGRES")
            : throw new InvalidRequestException("--to-postgres", "is required with --from-data: the PostgreSQL database to copy into (or set --postgres / $ENGRAM_POSTGRES)");
        DataDirectory data;
        try
        {
            data = DataDirectory.Open(directory, Invocation.Command);
        }
        catch (DataDirectoryException) when (!DataDirectory.Exists(directory))
        {
            // DataDirectory's own advice names --data; here the directory came from --from-data.
            throw new InvalidRequestException("--from-data", $"{Path.GetFullPath(directory)} is no Engram data directory (it has no engram.json): name the directory `engram init` made");
        }

        // Opening the database once brings its schema up to this build's, so its tables are the shapes the copy reads.
        await using (data.OpenStorage())
        {
        }

        var postgres = new PostgresBackend(connectionString, namedBy);
        var manifest = data.Manifest;
        await using var source = SqliteTableSource.Open(data.DatabasePath);
        var (report, localOperator) = await postgres.CopyFromAsync(
            source, new PostgresLocalOperator(manifest.LocalUserId, manifest.LocalUserName, manifest.CreatedAt), null, cancellationToken);
        if (localOperator.UserId != manifest.LocalUserId)
        {
            run.Warn($"{postgres.Description} already had a local operator ({localOperator.UserName}); it keeps it, and {manifest.LocalUserName}'s keys still work there");
        }

        if (run.Json)
        {
            run.WriteJson(new Dictionary<string, object?>
            {
                ["from"] = data.Root,
                ["to"] = postgres.JsonLocation.Value,
                ["complete"] = report.Complete,
                ["queued_for_indexing"] = report.QueuedForIndexing,
                ["tables"] = report.Tables.Select(t => new Dictionary<string, object?>
                {
                    ["table"] = t.Table, ["source_rows"] = t.SourceRows, ["target_rows_before"] = t.TargetRowsBefore, ["added"] = t.Added,
                    ["target_rows"] = t.TargetRows, ["source_sha256"] = t.SourceChecksum, ["target_sha256"] = t.TargetChecksum, ["matches"] = t.Matches,
                }).ToList(),
            });
        }
        else
        {
            run.Line($"copied {data.Root} into {postgres.Description}");
            run.Line($"{"table",-24} {"source",10} {"added",10} {"target",10}  checksum");
            foreach (var table in report.Tables)
            {
                run.Line($"{table.Table,-24} {table.SourceRows,10:N0} {table.Added,10:N0} {table.TargetRows,10:N0}  {(table.Matches ? "matches" : "DIFFERS")}");
            }

            run.Line(report.Complete
                ? $"everything arrived: {report.Tables.Sum(t => t.SourceRows):N0} rows in {report.Tables.Count} tables, {report.Tables.Sum(t => t.Added):N0} added now; {report.QueuedForIndexing:N0} memories queued for the search index, which the first node builds"
                : "some tables differ from the data directory's (DIFFERS above): the database holds rows the data directory does not, or other rows under the same keys (it was in use before this copy, or since); the copy overwrote none of them");
        }

        return report.Complete ? ExitCodes.Ok : ExitCodes.Conflict;
    }
}
