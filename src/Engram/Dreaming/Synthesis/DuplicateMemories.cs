using Engram.Dreaming.Analysis;
using Engram.Review;

namespace Engram.Dreaming.Synthesis;

/// <summary>
/// Memories that say the same thing: bodies (front matter and list bullets left out) whose three-word phrases overlap at or above
/// <see cref="SynthesisOptions.DuplicateThreshold"/> (Jaccard), grouped by single linkage. Each group yields one
/// merge. The keeper is the member in shared memory rather than a scratchpad, then the oldest (smallest memory
/// id: ids sort by creation time), then the first path; its content gains the other members' lines it lacks
/// (same words), in order and without repeats, headings and blank lines left out; the others are retired with
/// their hashes. Two different agents' scratchpads are never paired (each agent keeps its own; a lesson they share
/// is promoted instead), though a shared memory may gather copies from several. Evidence comes from the store,
/// not sessions, so it is empty.
/// </summary>
internal static class DuplicateMemories
{
    public static IEnumerable<DraftProposal> Drafts(StoreView store, double threshold, int sessionsRead)
    {
        var files = store.Live
            .Select(file => (File: file, Shingles: TextSimilarity.Shingles(string.Join('\n', StoreView.BodyLines(file.Content).Select(TextSimilarity.Unbulleted)))))
            .Where(entry => entry.Shingles.Count > 0)
            .OrderBy(entry => entry.Shingles.Count)
            .ThenBy(entry => entry.File.Path, StringComparer.Ordinal)
            .ToList();
        var sets = new DisjointSets(files.Count);
        for (var i = 0; i < files.Count; i++)
        {
            for (var j = i + 1; j < files.Count; j++)
            {
                // Sorted by size: once the smaller is under threshold times the larger, no later j can reach the threshold.
                if (files[i].Shingles.Count < threshold * files[j].Shingles.Count)
                {
                    break;
                }

                if (!OtherAgents(store, files[i].File.Path, files[j].File.Path) && TextSimilarity.Jaccard(files[i].Shingles, files[j].Shingles) >= threshold)
                {
                    sets.Union(i, j);
                }
            }
        }

        var groups = Enumerable.Range(0, files.Count).GroupBy(i => sets.Find(i)).Where(g => g.Count() > 1);
        foreach (var group in groups.Select(g => g.Select(i => files[i]).ToList()).OrderBy(g => g.Min(e => e.File.Path), StringComparer.Ordinal))
        {
            var ranked = group
                .OrderBy(entry => store.ScratchpadAgent(entry.File.Path) is null ? 0 : 1)
                .ThenBy(entry => entry.File.MemoryId, StringComparer.Ordinal)
                .ThenBy(entry => entry.File.Path, StringComparer.Ordinal)
                .ToList();
            var keeper = ranked[0];
            var others = ranked.Skip(1).ToList();
            var paths = group.Select(e => e.File.Path).Order(StringComparer.Ordinal).ToList();
            var shared = others.Min(other => TextSimilarity.Jaccard(keeper.Shingles, other.Shingles));
            var otherPaths = others.Select(o => o.File.Path).ToList();
            var rationale = $"{Wording.Paths(otherPaths)} {(others.Count == 1 ? "says" : "say")} what {keeper.File.Path} says ({(int)Math.Floor(shared * 100)}% of phrases shared); "
                + $"keep {keeper.File.Path} with the lines only the others have, and delete {Wording.Paths(otherPaths)}.";
            yield return new DraftProposal(
                ProposalOperation.Merge, keeper.File.Path, keeper.File.MemoryId, keeper.File.ContentSha256, null,
                Merged(keeper.File.Content, others.Select(o => o.File.Content)), rationale,
                new DreamOrigin(DraftKinds.Duplicate, $"{DraftKinds.Duplicate}|{string.Join('|', paths)}", $"Merge duplicates into {keeper.File.Path}: {Wording.Paths(otherPaths)}",
                    new ProposalStatistics(0, sessionsRead, [], null, null, 0), [], false,
                    [.. others.Select(o => new RetiredMemory(o.File.MemoryId, o.File.Path, o.File.ContentSha256))]));
        }
    }

    // Each agent keeps its own scratchpad: two agents' copies are not merged into one (promotion lifts a shared lesson).
    private static bool OtherAgents(StoreView store, string left, string right) =>
        store.ScratchpadAgent(left) is { } one && store.ScratchpadAgent(right) is { } other && !string.Equals(one, other, StringComparison.Ordinal);

    /// <summary><paramref name="keeper"/> followed by the lines of <paramref name="others"/> it lacks, keeping its line breaks and trailing-newline convention.</summary>
    internal static string Merged(string keeper, IEnumerable<string> others)
    {
        var known = new HashSet<string>(StoreView.BodyLines(keeper).Select(TextSimilarity.Key), StringComparer.Ordinal);
        var added = new List<string>();
        foreach (var line in others.SelectMany(StoreView.BodyLines))
        {
            var key = TextSimilarity.Key(line);
            if (key.Length > 0 && !line.TrimStart().StartsWith('#') && known.Add(key))
            {
                added.Add(line.TrimEnd());
            }
        }

        return added.Count == 0 ? keeper : MemoryEdits.AppendLines(keeper, added);
    }
}
