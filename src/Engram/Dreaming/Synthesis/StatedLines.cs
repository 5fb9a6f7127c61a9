namespace Engram.Dreaming.Synthesis;

/// <summary>
/// What the store already says, line by line, and what drafts of this dream already add: a line is stated by a
/// file that has a line with the same words, or one whose word set overlaps it at or above the duplicate
/// threshold. Shared memory (every file outside the scratchpads) states a lesson for everyone; a scratchpad only
/// for itself.
/// </summary>
internal sealed class StatedLines
{
    private readonly double _threshold;
    private readonly Dictionary<string, List<HashSet<string>>> _byPath = new(StringComparer.Ordinal);
    private readonly List<HashSet<string>> _shared = [];

    public StatedLines(StoreView store, double threshold)
    {
        _threshold = threshold;
        foreach (var file in store.Live)
        {
            var lines = StoreView.BodyLines(file.Content).Select(TextSimilarity.WordSet).Where(words => words.Count > 0).ToList();
            _byPath[file.Path] = lines;
            if (store.ScratchpadAgent(file.Path) is null)
            {
                _shared.AddRange(lines);
            }
        }
    }

    /// <summary>Every line of <paramref name="text"/> is stated by the file at <paramref name="path"/> (or a draft for it) or by shared memory.</summary>
    public bool States(string path, string text)
    {
        var lines = Lines(text);
        var own = _byPath.GetValueOrDefault(path) ?? [];
        return lines.Count > 0 && lines.All(line => Stated(own, line) || Stated(_shared, line));
    }

    /// <summary>Some shared file has a line saying <paramref name="line"/>.</summary>
    public bool SharedStates(string line) => TextSimilarity.WordSet(line) is { Count: > 0 } words && Stated(_shared, words);

    /// <summary>Records that a draft adds <paramref name="text"/> to <paramref name="path"/>, so no later draft adds it again.</summary>
    public void Drafted(string path, string text)
    {
        if (!_byPath.TryGetValue(path, out var lines))
        {
            lines = [];
            _byPath.Add(path, lines);
        }

        lines.AddRange(Lines(text));
    }

    private static List<HashSet<string>> Lines(string text) =>
        [.. text.Split('\n').Select(TextSimilarity.WordSet).Where(words => words.Count > 0)];

    private bool Stated(List<HashSet<string>> lines, HashSet<string> line) =>
        lines.Any(existing => existing.SetEquals(line) || TextSimilarity.Jaccard(existing, line) >= _threshold);
}
