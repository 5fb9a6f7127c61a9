namespace Engram.Postgres;

internal static partial class Schema
{
    /// <summary>The access tables of migration 1.</summary>
    private const string Access = "";
}
