namespace Engram.Postgres;

internal static partial class Schema
{
    /// <summary>The memories tables of migration 1.</summary>
    private const string Memories = "";
}
