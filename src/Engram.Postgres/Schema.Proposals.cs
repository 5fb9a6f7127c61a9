namespace Engram.Postgres;

internal static partial class Schema
{
    /// <summary>The proposals tables of migration 1.</summary>
    private const string Proposals = "";
}
