namespace Engram.Cli.Commands;

/// <summary>The example transcripts embedded in the command (examples/transcripts), written out for import.</summary>
internal static class ExampleTranscripts
{
    private const string Prefix = "transcripts/";

    /// <summary>Writes every embedded transcript under <paramref name="folder"/> (one folder per agent) and returns it.</summary>
    public static string WriteTo(string folder)
    {
        var assembly = typeof(ExampleTranscripts).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            var target = Path.Combine(folder, name[Prefix.Length..].Replace('\\', '/'));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            using var source = assembly.GetManifestResourceStream(name)!;
            using var file = File.Create(target);
            source.CopyTo(file);
        }

        return folder;
    }
}
