using System.Text.Json;
using Engram.Semantic;

namespace Engram.Bench;

/// <summary>
/// Dreaming on real transcripts against a person's expectations (<see cref="DreamExpectations"/>): each corpus is
/// imported into a fresh engine, dreamed over with the rules alone, and its proposals compared with what the person
/// found, judged and ruled out; then steered with plain-words instructions, and held to the acceptance rules. Prints
/// Markdown; failures are reported in the output, not by the exit code, because the numbers are the point.
/// </summary>
internal static partial class DreamEval
{
    /// <summary>The file that marks the repository root.</summary>
    private const string SolutionFile = "Engram.slnx";

    /// <summary>The corpora beside the repository, as on every developer machine and in CI (see the corpora README).</summary>
    private const string DefaultCorpora = "../shared/corpora";

    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>Runs the evaluation; <paramref name="options"/> are the arguments after the benchmark's name. 0 when it ran, 2 when it could not start.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> options)
    {
        if (!TryParse(options, out var corporaOption, out var problem))
        {
            return Refuse(problem);
        }

        var root = RepositoryRoot();
        if (root is null)
        {
            return Refuse($"no {SolutionFile} in the current directory or above it (nor above the program): run from inside the repository");
        }

        var corpora = corporaOption is null ? Path.GetFullPath(Path.Combine(root, DefaultCorpora)) : Path.GetFullPath(corporaOption);
        if (corporaOption is not null && !Directory.Exists(corpora))
        {
            return Refuse($"--corpora {corporaOption}: no such directory");
        }

        DreamExpectations expectations;
        try
        {
            expectations = await DreamExpectations.LoadAsync(Path.Combine(root, DreamExpectations.RelativePath), None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return Refuse($"cannot read {DreamExpectations.RelativePath}: {e.Message}");
        }

        Console.WriteLine($"# Dream evaluation: {expectations.Corpora.Count} corpora against {DreamExpectations.RelativePath}");
        Console.WriteLine();
        Console.WriteLine($"Rule-based dreams (model `{DreamModelId}` asked for, no model client configured), plain-words steering by the local MiniLM embedder; corpora from `{corporaOption ?? DefaultCorpora}`; machine: {Environment.ProcessorCount} cores.");
        using var embedder = new MiniLmEmbedder();
        var results = new List<CorpusResult>();
        foreach (var corpus in expectations.Corpora)
        {
            results.Add(await EvaluateAsync(corpus, root, corpora, embedder));
        }

        PrintSummary(results);
        return 0;
    }

    private static bool TryParse(IReadOnlyList<string> options, out string? corpora, out string problem)
    {
        corpora = null;
        problem = "";
        for (var i = 0; i < options.Count; i++)
        {
            if (options[i] == "--corpora" && i + 1 < options.Count && !options[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                corpora = options[++i];
            }
            else
            {
                problem = options[i] == "--corpora" ? "--corpora needs a directory" : $"unexpected argument '{options[i]}'; usage: dream-eval [--corpora DIR]";
                return false;
            }
        }

        return true;
    }

    private static int Refuse(string problem)
    {
        Console.Error.WriteLine($"dream-eval: {problem}");
        return 2;
    }

    /// <summary>The nearest folder holding the solution file, walking up from the current directory, else from the program's own folder (the build output lies inside the repository).</summary>
    internal static string? RepositoryRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, SolutionFile)))
                {
                    return folder.FullName;
                }
            }
        }

        return null;
    }
}
