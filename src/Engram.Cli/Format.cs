using System.Globalization;
using Engram.Access;
using Engram.Memories;

namespace Engram.Cli;

/// <summary>How the CLI shows values to people.</summary>
internal static class Format
{
    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.0} MB"),
    };

    /// <summary>"1 file", "2 files", "1,024 files": a count with its noun in the number it needs.</summary>
    public static string Count(long count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count:N0} {noun}{(count == 1 ? "" : "s")}");

    public static string Hash(string? sha256) => sha256 is null ? "-" : sha256[..12];

    public static string Time(DateTimeOffset? value) =>
        value is { } time ? time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "-";

    public static string Actor(Actor? actor) => actor is null ? "-" : $"{actor.WireType.Replace("_actor", "", StringComparison.Ordinal).Replace("service_account", "service", StringComparison.Ordinal)}:{actor.Id}";

    public static string Operation(VersionOperation operation) => operation.ToString().ToLowerInvariant();
}
