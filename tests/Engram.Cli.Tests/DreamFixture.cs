using System.Text.RegularExpressions;

namespace Engram.Cli.Tests;

/// <summary>
/// The bundled example transcripts (examples/transcripts: twelve sessions of the deployer, reviewer and tester
/// agents; `docker compose` missing in five, one pnpm correction from users of all three, one remember request) imported
/// once into a data directory with the store <c>team</c>. Tests that change data work on a <see cref="Copy"/>.
/// </summary>
public sealed partial class DreamFixture : IAsyncLifetime
{
    /// <summary>Before every conversation of the bundled transcripts (November 2026), so the selection holds on any clock.</summary>
    public const string Since = "2026-11-01T00:00:00Z";

    /// <summary>Imported and never dreamed over: only commands that must change nothing run here.</summary>
    internal EngramProcess Imported { get; } = new();

    /// <summary>A copy of <see cref="Imported"/> with one dream run in the foreground (<see cref="Dream"/>); read-only after that.</summary>
    internal EngramProcess Dreamed { get; } = new();

    /// <summary>The admin key <c>engram init</c> printed; copies share it.</summary>
    public string ApiKey { get; private set; } = "";

    /// <summary>The id of the store <c>team</c>.</summary>
    public string StoreId { get; private set; } = "";

    /// <summary><c>engram dream --store team --since 2026-11-01T00:00:00Z</c> on <see cref="Dreamed"/>, as run (stdout and stderr redirected).</summary>
    internal EngramProcess.Result Dream { get; private set; } = new(-1, "", "");

    /// <summary>The id <see cref="Dream"/> printed.</summary>
    public string DreamId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        ApiKey = (await Imported.RunAsync("init", "--json")).Ok().Json.GetProperty("api_key").GetProperty("secret").GetString()!;
        StoreId = (await Imported.RunAsync("store", "create", "team", "--json")).Ok().Json.GetProperty("id").GetString()!;
        (await Imported.RunAsync("sessions", "import", Transcripts())).Ok(); // as the README does: each file names its agent

        CopyDirectory(Imported.Data, Dreamed.Data);
        Dream = (await Dreamed.RunAsync("dream", "--store", "team", "--since", DreamFixture.Since)).Ok();
        DreamId = DreamIdPattern().Match(Dream.Out).Value;
    }

    /// <summary>A fresh data directory holding what <see cref="Imported"/> holds (no dream); the caller disposes it.</summary>
    internal EngramProcess Copy()
    {
        var copy = new EngramProcess();
        CopyDirectory(Imported.Data, copy.Data);
        return copy;
    }

    public Task DisposeAsync()
    {
        Imported.Dispose();
        Dreamed.Dispose();
        return Task.CompletedTask;
    }

    [GeneratedRegex("drm_[0-9A-Za-z]+")]
    internal static partial Regex DreamIdPattern();

    private static string Transcripts() => Checkout.PathOf("examples", "transcripts");

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var dir in Directory.EnumerateDirectories(from))
        {
            CopyDirectory(dir, Path.Combine(to, Path.GetFileName(dir)));
        }
    }
}
