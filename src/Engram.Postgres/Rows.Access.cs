using Engram.Access;
using Engram.Access.Policies;
using Npgsql;

namespace Engram.Postgres;

/// <summary>How the access tables' rows map to the library's records, and the value conversions the access, sessions and dreams ports share.</summary>
internal static class AccessRows
{
    public const string PrincipalColumns = "p.id, p.kind, p.name, p.role, p.created_at";

    public const string ApiKeyColumns = "k.id, k.principal_id, k.name, k.hint, k.created_at, k.revoked_at";

    public const string PolicyColumns = "id, store_id, subject, path, capabilities, effect, description, created_at";

    public static Principal ReadPrincipal(NpgsqlDataReader r, int first = 0) => new(
        r.GetString(first), (PrincipalKind)r.GetInt32(first + 1), r.GetString(first + 2), (PrincipalRole)r.GetInt32(first + 3), Time(r.GetInt64(first + 4)));

    public static ApiKey ReadApiKey(NpgsqlDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), Time(r.GetInt64(4)), TimeOrNull(r, 5));

    public static PolicyRule ReadPolicyRule(NpgsqlDataReader r) => PolicyRules.Restore(
        r.GetString(0), StringOrNull(r, 1), r.GetString(2), r.GetString(3), r.GetInt32(4), r.GetInt32(5), r.GetString(6), Time(r.GetInt64(7)));

    /// <summary>An actor stored as a type column and the id column after it; null when the type is null.</summary>
    public static Actor? ReadActor(NpgsqlDataReader r, int typeColumn) =>
        r.IsDBNull(typeColumn) ? null : new Actor((ActorType)r.GetInt32(typeColumn), r.GetString(typeColumn + 1));

    /// <summary>A time as stored: UTC ticks, exactly what the library wrote.</summary>
    public static DateTimeOffset Time(long ticks) => new(ticks, TimeSpan.Zero);

    public static DateTimeOffset? TimeOrNull(NpgsqlDataReader r, int column) => r.IsDBNull(column) ? null : Time(r.GetInt64(column));

    public static string? StringOrNull(NpgsqlDataReader r, int column) => r.IsDBNull(column) ? null : r.GetString(column);

    /// <summary>A time to store (UTC ticks), or null.</summary>
    public static long? Ticks(DateTimeOffset? value) => value?.UtcTicks;
}
