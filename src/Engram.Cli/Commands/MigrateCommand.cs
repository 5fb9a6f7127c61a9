using System.CommandLine;

namespace Engram.Cli.Commands;

/// <summary>
/// <c>engram migrate --postgres CONNECTION</c>: applies the PostgreSQL database's pending schema migrations (under
/// the migration advisory lock, so runs on several machines at once apply each migration once) and prints the
/// version. <c>serve</c> does the same as it starts; this is for applying them ahead of a rolling upgrade.
/// </summary>
internal static class MigrateCommand
{
    public static Command Build() => new Command("migrate", "Bring a PostgreSQL database's schema up to date (--postgres or $ENGRAM_POSTGRES) and print its version")
        .Handle(async (run, ct) =>
        {
            var backend = run.Backend();
            var migration = await backend.MigrateAsync(ct);
            return run.Report(
                new Dictionary<string, object?> { ["database"] = backend.JsonLocation.Value, ["applied"] = migration.Applied, ["version"] = migration.Version },
                migration.Applied == 0
                    ? $"{backend.Description} is at schema version {migration.Version}; nothing to apply"
                    : $"migrated {backend.Description} to schema version {migration.Version} ({migration.Applied} migration{(migration.Applied == 1 ? "" : "s")} applied)");
        });
}
