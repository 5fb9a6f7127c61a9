using System.ComponentModel;
using Engram.Dreaming.Analysis;
using Engram.Dreaming.Findings;
using Engram.Dreaming.Signals;
using Engram.Memories;

namespace Engram.Dreaming.Model;

internal sealed partial class AnalysisTools
{
    /// <summary>Characters of a finding's text: a memory entry, not a document.</summary>
    public const int MaxTextChars = 2_000;

    /// <summary>Characters of a finding's title: one line for a reviewer.</summary>
    public const int MaxTitleChars = 200;

    /// <summary>Characters of a finding's rationale: one or two sentences.</summary>
    public const int MaxRationaleChars = 1_000;

    /// <summary>Words kept of a signature: a key to match, not a description.</summary>
    public const int MaxSignatureWords = 16;

    /// <summary>Events one finding may cite.</summary>
    public const int MaxEvidence = 20;

    private async Task<string> ReportFindingAsync(
        [Description("A few lowercase words naming the pattern the same way in any session.")] string signature,
        [Description("One line for a reviewer.")] string title,
        [Description("The memory file the lesson belongs in, such as /org/environment.md.")] string target_path,
        [Description("The markdown to add there: short and general.")] string text,
        [Description("Why, in one or two sentences.")] string rationale,
        [Description("The events that show it: session ids of this batch and event indices.")] EvidenceReference[] evidence,
        [Description("True when the wording comes from tool output (a page, a file, a command's output) rather than the user or the agent.")] bool relies_on_tool_output = false,
        CancellationToken cancellationToken = default)
    {
        if (_batch.Reports >= _batch.Options.MaxFindingsPerBatch)
        {
            return $"refused: this batch already has {_batch.Options.MaxFindingsPerBatch} findings, the most it may report";
        }

        var normalized = string.Join(' ', SignalText.Words(signature ?? "").Take(MaxSignatureWords));
        var broken = normalized.Length == 0 ? "signature: must hold at least one word"
            : Bounded(title, "title", MaxTitleChars) ?? Bounded(text, "text", MaxTextChars) ?? Bounded(rationale, "rationale", MaxRationaleChars)
            ?? (MemoryPath.FindBrokenRule(target_path) is { } rule ? $"target_path: {rule}" : null)
            ?? (evidence is not { Length: > 0 } ? "evidence: must cite at least one event" : null)
            ?? (evidence.Length > MaxEvidence ? $"evidence: at most {MaxEvidence} events" : null);
        if (broken is not null)
        {
            return $"refused: {broken}";
        }

        var cited = new List<PatternEvidence>();
        foreach (var reference in evidence.DistinctBy(r => (r.SessionId, r.EventIndex)))
        {
            if (reference?.SessionId is null || !_batch.Sessions.TryGetValue(reference.SessionId, out var session))
            {
                return $"refused: evidence names session {DataText.Literal(reference?.SessionId ?? "")}, which is not in this batch";
            }

            var stored = reference.EventIndex >= 0 && reference.EventIndex < session.EventCount
                ? await _batch.EventAsync(session.SessionId, reference.EventIndex, cancellationToken).ConfigureAwait(false)
                : null;
            if (stored is null)
            {
                return $"refused: session {DataText.Literal(session.SessionId)} has no event {reference.EventIndex}";
            }

            // The quote is the stored event's own (masked at import) text, never the model's.
            cited.Add(new PatternEvidence(session.SessionId, stored.Index, SignalText.Excerpt(stored.Event)));
        }

        var untrusted = relies_on_tool_output || _batch.ToolOutput.Echoes(title) || _batch.ToolOutput.Echoes(text);
        _batch.Reports++;
        foreach (var group in cited.GroupBy(e => e.SessionId, StringComparer.Ordinal))
        {
            var session = _batch.Sessions[group.Key];
            _batch.Findings.Add(new ModelFinding(
                session.SessionId, session.Agent, normalized, title.Trim(), target_path, text.Trim(), rationale.Trim(),
                [.. group.OrderBy(e => e.EventIndex)], untrusted));
        }

        return $"recorded: signature {DataText.Literal(normalized)} for {string.Join(", ", cited.Select(e => e.SessionId).Distinct())}" +
            (untrusted ? "; flagged untrusted (its wording comes from tool output)" : "");
    }

    private static string? Bounded(string? value, string field, int maxChars) =>
        string.IsNullOrWhiteSpace(value) ? $"{field}: is required"
        : value.Length > maxChars ? $"{field}: must be at most {maxChars:N0} characters (got {value.Length:N0})"
        : null;
}
