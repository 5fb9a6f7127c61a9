namespace Engram;

/// <summary>Where Engram keeps what belongs to this machine's user rather than to a data directory: sync states, the hook log.</summary>
internal static class LocalStateHome
{
    /// <summary>
    /// <c>$XDG_STATE_HOME/engram</c> (by default <c>~/.local/state/engram</c>), or <c>%LOCALAPPDATA%\Engram</c> on
    /// Windows; null when there is no home directory to keep it in.
    /// </summary>
    public static string? Find()
    {
        if (OperatingSystem.IsWindows())
        {
            var local = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
            return string.IsNullOrEmpty(local) ? null : Path.Combine(local, "Engram");
        }

        var xdg = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
        if (!string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg))
        {
            return Path.Combine(xdg, "engram");
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".local", "state", "engram");
    }
}
