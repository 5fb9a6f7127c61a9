using Engram.Dreaming.Analysis;
using Engram.Dreaming.Model;

namespace Engram.Dreaming.Dreams;

internal sealed partial class DreamRunner
{
    /// <summary>The rule-based kinds whose one added line a model words again; the others quote the store or change no line.</summary>
    private static readonly HashSet<string> WordedKinds = new(StringComparer.Ordinal)
    {
        Synthesis.DraftKinds.RecoveredFailure, Synthesis.DraftKinds.EnvironmentFact, Synthesis.DraftKinds.AgentHabit, Synthesis.DraftKinds.HarnessFeedback,
        Synthesis.DraftKinds.UserCorrection, Synthesis.DraftKinds.RememberRequest, Synthesis.DraftKinds.Promote,
    };

    /// <summary>
    /// Asks the dream's model to word each rule-based draft's added line, while the token budget lasts. The rule's
    /// own line stays in the rationale, so a reviewer sees both. A model that cannot answer leaves the template.
    /// </summary>
    private async Task<(IReadOnlyList<DraftProposal> Drafts, DreamUsage Usage)> WordAsync(
        Dream dream, ISessionAnalyzer analyzer, IReadOnlyList<DraftProposal> drafts, IReadOnlyList<StoreFile> store, CancellationToken cancellationToken)
    {
        var bases = store.ToDictionary(f => f.MemoryId, f => f.Content, StringComparer.Ordinal);
        var spent = dream.Usage.InputTokens + dream.Usage.OutputTokens;
        var usage = DreamUsage.None;
        var worded = new List<DraftProposal>(drafts.Count);
        foreach (var draft in drafts)
        {
            if (!WordedKinds.Contains(draft.Origin.Kind) || spent + usage.InputTokens + usage.OutputTokens >= _options.TokenBudget
                || AddedLine(draft, bases) is not { } line)
            {
                worded.Add(draft);
                continue;
            }

            DraftWording? answer;
            try
            {
                answer = await analyzer.WordAsync(
                    new WordingRequest(draft.Origin.Kind, draft.Origin.Title, line, draft.NewPath ?? draft.Path, [.. draft.Origin.Evidence.Select(e => e.Quote)], dream.Instructions),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (Exception error) when (error is ModelUnavailableException or ModelProviderException)
            {
                answer = null; // the provider is down or refused: the rule's template is a fine line too
            }

            usage = usage.Plus(answer?.Usage ?? DreamUsage.None);
            worded.Add(answer?.Line is { } better && better != line
                ? draft with
                {
                    Content = ReplaceLast(draft.Content!, line, better),
                    Rationale = $"{draft.Rationale} Worded by {dream.Model.Id}; the rule's own line: {line}",
                }
                : draft);
        }

        return (worded, usage);
    }

    /// <summary>The one line a draft adds to its file (headings aside), or null when it adds none or several.</summary>
    private static string? AddedLine(DraftProposal draft, IReadOnlyDictionary<string, string> bases)
    {
        if (draft.Content is null)
        {
            return null;
        }

        var before = (draft.MemoryId is null ? "" : bases.GetValueOrDefault(draft.MemoryId) ?? "").Split('\n').ToHashSet(StringComparer.Ordinal);
        var added = draft.Content.Split('\n').Where(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#') && !before.Contains(l)).ToList();
        return added.Count == 1 ? added[0] : null;
    }

    private static string ReplaceLast(string content, string line, string replacement)
    {
        var at = content.LastIndexOf(line, StringComparison.Ordinal);
        return string.Concat(content.AsSpan(0, at), replacement, content.AsSpan(at + line.Length));
    }
}
