using Engram.Dreaming.Findings;
using Engram.Dreaming.Signals;
using Engram.Review;

namespace Engram.Dreaming.Synthesis;

/// <summary>
/// A lesson line (same words once lower-cased, punctuation and list bullet dropped) that the scratchpads of at
/// least <see cref="SynthesisOptions.PromoteMinAgents"/> distinct agents hold, and no shared memory states, is
/// proposed for <see cref="SynthesisOptions.SharedPath"/> in its most common wording. Headings, code fences,
/// table rows and lines of fewer than <see cref="MinLessonWords"/> words are not lessons. Evidence is the
/// sessions that wrote those scratchpads (memory-write patterns whose path is, or ends with, the file's path),
/// by session id; the statistics count those sessions and the agents holding the line.
/// </summary>
internal static class ScratchpadPromotion
{
    /// <summary>Words a line needs to be a lesson: <c>- TODO</c> and <c>- see above</c> are not.</summary>
    internal const int MinLessonWords = 3;

    /// <summary>Characters of the lesson a title quotes: a title is one line for a reviewer.</summary>
    private const int MaxQuotedLessonChars = 80;

    public static IEnumerable<SynthesisCandidate> Candidates(StoreView store, StatedLines stated, IReadOnlyList<Pattern> patterns, int sessionsRead, SynthesisOptions options)
    {
        var lessons = new Dictionary<string, List<(string Agent, string Path, string Text)>>(StringComparer.Ordinal);
        foreach (var file in store.Live)
        {
            if (store.ScratchpadAgent(file.Path) is not { } agent)
            {
                continue;
            }

            foreach (var text in Lessons(file.Content))
            {
                var key = TextSimilarity.Key(text);
                if (!lessons.TryGetValue(key, out var holders))
                {
                    holders = [];
                    lessons.Add(key, holders);
                }

                holders.Add((agent, file.Path, text));
            }
        }

        foreach (var (key, holders) in lessons.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            var agents = holders.Select(h => h.Agent).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (agents.Count < options.PromoteMinAgents || stated.SharedStates(key))
            {
                continue;
            }

            var paths = holders.Select(h => h.Path).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var (writers, evidence) = WriteEvidence(patterns, paths);
            var statistics = new ProposalStatistics(writers, sessionsRead, agents, null, null, 0);
            var wording = TextSimilarity.MostCommon(holders.Select(h => h.Text));
            var title = $"Promote a lesson {agents.Count} agents keep: \"{Memories.UnicodeText.Ellipsize(wording, MaxQuotedLessonChars)}\"";
            var rationale = $"The scratchpads of {Wording.Count(agents.Count, "agent")} ({string.Join(", ", agents)}) hold this lesson and shared memory does not; promote it to {options.SharedPath}. Found in {Wording.Paths(paths)}.";
            yield return new SynthesisCandidate(DraftKinds.Promote, $"{DraftKinds.Promote}|{key}", title, statistics, evidence, false, options.SharedPath, $"- {wording}", rationale);
        }
    }

    private static IEnumerable<string> Lessons(string content)
    {
        var fenced = false;
        foreach (var raw in StoreView.BodyLines(content))
        {
            var line = raw.Trim();
            if (line.StartsWith("```", StringComparison.Ordinal) || line.StartsWith("~~~", StringComparison.Ordinal))
            {
                fenced = !fenced;
                continue;
            }

            if (fenced || line.Length == 0 || line.StartsWith('#') || line.StartsWith('|') || line.StartsWith('>'))
            {
                continue;
            }

            var text = TextSimilarity.Unbulleted(line);
            if (SignalText.Words(text).Count() >= MinLessonWords)
            {
                yield return text;
            }
        }
    }

    // The sessions that wrote the files (as far as the write patterns' evidence tells), and one entry per session
    // (its first write) for the earliest of them by session id, which sorts by creation time.
    private static (int Sessions, List<PatternEvidence> Evidence) WriteEvidence(IReadOnlyList<Pattern> patterns, List<string> paths)
    {
        var bySession = patterns
            .Where(p => p.Example is MemoryAccessSignal { Access: MemoryAccessKind.Write } write && paths.Any(path => write.Path.EndsWith(path, StringComparison.Ordinal)))
            .SelectMany(p => p.Evidence)
            .GroupBy(e => e.SessionId, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
        return (bySession.Count, [.. bySession.Take(PatternTally.MaxEvidencePerPattern).Select(g => g.OrderBy(e => e.EventIndex).First())]);
    }
}
