using Engram.Dreaming.Analysis;
using Engram.Dreaming.Findings;
using Engram.Memories;
using Engram.Review;
using Engram.Search;

namespace Engram.Dreaming.Synthesis;

/// <summary>
/// Clusters model findings across sessions: first by exact normalized signature (lower-cased words), then clusters
/// whose most common titles are similar are merged (embedding cosine with an embedder, else word-set Jaccard;
/// single linkage, so the result does not depend on input order). A cluster seen in fewer than
/// <see cref="SynthesisOptions.ModelMinSessions"/> distinct sessions yields nothing. Its wording, title, target
/// and reason are the most common among its members (ties: ordinal); it is untrusted if any member is.
/// Findings carry no session start time, so first and last seen stay null; evidence is ordered by session id,
/// which sorts by creation time.
/// </summary>
internal static class ModelFindingClusters
{
    public static IEnumerable<SynthesisCandidate> Candidates(IReadOnlyList<ModelFinding> findings, int sessionsRead, SynthesisOptions options, ITextEmbedder? embedder)
    {
        var groups = findings
            .GroupBy(finding => SignatureKey(finding), StringComparer.Ordinal)
            .OrderBy(group => group.Key, StringComparer.Ordinal)
            .Select(group => (Key: group.Key, Members: group.ToList(), Title: TextSimilarity.MostCommon(group.Select(f => f.Title.Trim()))))
            .ToList();
        if (groups.Count == 0)
        {
            yield break;
        }

        var sets = new DisjointSets(groups.Count);
        var similar = Similarity(groups.Select(g => g.Title).ToList(), options, embedder);
        for (var i = 0; i < groups.Count; i++)
        {
            for (var j = i + 1; j < groups.Count; j++)
            {
                if (similar(i, j))
                {
                    sets.Union(i, j);
                }
            }
        }

        foreach (var cluster in Enumerable.Range(0, groups.Count).GroupBy(i => sets.Find(i)).OrderBy(c => c.Key))
        {
            var members = cluster.SelectMany(i => groups[i].Members).ToList();
            if (Candidate(groups[cluster.Key].Key, members, sessionsRead, options) is { } candidate)
            {
                yield return candidate;
            }
        }
    }

    private static SynthesisCandidate? Candidate(string key, List<ModelFinding> members, int sessionsRead, SynthesisOptions options)
    {
        var sessions = members.Select(f => f.SessionId).Distinct(StringComparer.Ordinal).Count();
        var text = TextSimilarity.MostCommon(members.Select(f => f.Text.Trim()));
        var share = options.Failures.Thresholds with { MinSessions = options.ModelMinSessions };
        if (text.Length == 0 || share.Shortfall(new Prevalence(sessions, sessionsRead, [], null, null), share.EnvironmentShare) is not null)
        {
            return null;
        }

        var targets = members.Select(f => f.TargetPath.Trim()).Where(MemoryPath.IsValid).ToList();
        var agents = members.Select(f => f.Agent).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var statistics = new ProposalStatistics(sessions, sessionsRead, agents, null, null, 0);
        var evidence = members.SelectMany(f => f.Evidence)
            .GroupBy(e => e.SessionId, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.OrderBy(e => e.EventIndex).ThenBy(e => e.Quote, StringComparer.Ordinal).First())
            .Take(PatternTally.MaxEvidencePerPattern)
            .ToList();
        var reason = TextSimilarity.MostCommon(members.Select(f => f.Rationale.Trim())).TrimEnd();
        var rationale = $"{(reason.Length == 0 ? "" : reason.EndsWith('.') ? reason + " " : reason + ". ")}{Wording.Seen(statistics)}.";
        return new SynthesisCandidate(DraftKinds.Model, $"{DraftKinds.Model}|{key}", TextSimilarity.MostCommon(members.Select(f => f.Title.Trim())), statistics, evidence,
            members.Any(f => f.Untrusted), targets.Count > 0 ? TextSimilarity.MostCommon(targets) : options.SharedPath, text, rationale);
    }

    /// <summary>The signature's words, lower-cased, <c>-</c> and <c>_</c> read as spaces (<c>pytest-missing</c> is <c>pytest missing</c>); the title's when the signature has none.</summary>
    private static string SignatureKey(ModelFinding finding) =>
        TextSimilarity.Key(finding.Signature.Replace('-', ' ').Replace('_', ' ')) is { Length: > 0 } key ? key : TextSimilarity.Key(finding.Title);

    private static Func<int, int, bool> Similarity(List<string> titles, SynthesisOptions options, ITextEmbedder? embedder)
    {
        if (embedder is not null)
        {
            var vectors = embedder.Embed(titles, CancellationToken.None);
            return (i, j) => TextSimilarity.Cosine(vectors[i], vectors[j]) >= options.TitleCosineThreshold;
        }

        var words = titles.Select(TextSimilarity.WordSet).ToList();
        return (i, j) => TextSimilarity.Jaccard(words[i], words[j]) >= options.TitleJaccardThreshold;
    }

    // The smaller index is the root, so a cluster is named by its ordinally first signature.
}
