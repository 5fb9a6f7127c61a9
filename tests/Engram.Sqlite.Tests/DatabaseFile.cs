using Microsoft.Data.Sqlite;

namespace Engram.Sqlite.Tests;

/// <summary>Reads a database file directly, read-only, as a person with the sqlite3 shell would.</summary>
internal static class DatabaseFile
{
    /// <summary>The first column of the first row <paramref name="sql"/> returns from the database at <paramref name="database"/>.</summary>
    public static object? Scalar(string database, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
