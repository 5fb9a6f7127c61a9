namespace Engram.Postgres;

internal static partial class Schema
{
    /// <summary>The audit tables of migration 1.</summary>
    private const string Audit = "";
}
