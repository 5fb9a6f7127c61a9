namespace Engram.Cli;

/// <summary>
/// The name a person ran this program by, for the commands it tells them to run next: the checkout's <c>./engram</c>
/// script says how it was called in <see cref="Variable"/> (<c>engram</c> is not on PATH in a fresh clone); the
/// .NET tool, installed on PATH, is <c>engram</c>.
/// </summary>
internal static class Invocation
{
    /// <summary>Set by the <c>./engram</c> script to the path it was run by (<c>$0</c>).</summary>
    public const string Variable = "ENGRAM_INVOKED_AS";

    /// <summary>The command to print in hints: <c>./engram</c>, a path to the script, or <c>engram</c>; quoted for a shell when it holds a space.</summary>
    public static string Command { get; } =
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } name
            ? (name.Any(char.IsWhiteSpace) ? $"'{name.Replace("'", "'\\''", StringComparison.Ordinal)}'" : name)
            : "engram";
}
