namespace Engram.Postgres;

internal static partial class Schema
{
    /// <summary>The dreams tables of migration 1.</summary>
    private const string Dreams = "";
}
