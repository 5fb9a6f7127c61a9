namespace Engram.Postgres;

internal static partial class Schema
{
    /// <summary>The search tables of migration 1.</summary>
    private const string Search = "";
}
