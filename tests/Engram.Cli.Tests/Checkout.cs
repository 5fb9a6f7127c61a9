namespace Engram.Cli.Tests;

/// <summary>The repository checkout the tests were built from: its root holds Engram.slnx, the README and the <c>engram</c> script.</summary>
internal static class Checkout
{
    public static string Root { get; } = Find();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Engram.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no Engram.slnx above {AppContext.BaseDirectory}");
    }
}
