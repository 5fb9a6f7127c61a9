namespace Engram.Postgres;

internal static partial class Schema
{
    /// <summary>The sessions tables of migration 1.</summary>
    private const string Sessions = "";
}
