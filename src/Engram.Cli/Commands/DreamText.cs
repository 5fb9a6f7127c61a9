using System.Diagnostics;
using System.Globalization;
using Engram.Dreaming.Dreams;
using Engram.Wire;

namespace Engram.Cli.Commands;

/// <summary>How dreams read on a terminal.</summary>
internal static class DreamText
{
    public static string Summary(Dream d)
    {
        var lines = new List<string>
        {
            $"{d.Id}  {DreamMapping.StatusName(d.Status)}  store {d.StoreId}{(d.OutputStoreId is null ? "" : $" -> {d.OutputStoreId}")}  ({(d.OutputBehavior == DreamOutputBehavior.UpdateExisting ? "update_existing" : "create_new")})",
            string.Create(CultureInfo.InvariantCulture, $"  {d.Progress.SessionsAnalyzed:N0} of {d.Progress.SessionsTotal:N0} sessions read, {d.Progress.Proposals:N0} proposal{(d.Progress.Proposals == 1 ? "" : "s")}; stage {d.Progress.Stage}"),
            Analysis(d),
        };
        if (d.Error is { } error)
        {
            lines.Add($"  error {error.Type}: {error.Message}");
        }

        if (d.InstructionsRead.Count > 0)
        {
            lines.Add("  instructions, as the rules read them:");
            lines.AddRange(d.InstructionsRead.Select(r => $"    \"{r.Sentence}\": {r.Reading}"));
        }

        foreach (var e in d.Effects)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"  effect of {e.ProposalId} ({e.Title}): {e.SessionsBefore} of {e.SessionsReadBefore} sessions before it was applied; {e.SeenAfter} of {e.SessionsAfter} since"));
        }

        return string.Join('\n', lines);
    }

    /// <summary>What the analysis ran on: the rules alone (and why), or the rules and a model with its tokens.</summary>
    private static string Analysis(Dream d) => (d.Analysis, d.Degraded) switch
    {
        (DreamAnalysis.Rules, null) => "  rule-based: no model ran (no provider configured)",
        (DreamAnalysis.Rules, { } degraded) => $"  rule-based, degraded ({degraded.Type}): {degraded.Message}",
        (_, { } degraded) => string.Create(CultureInfo.InvariantCulture,
            $"  model {d.Model.Id}, degraded ({degraded.Type}): {degraded.Message}; tokens in {d.Usage.InputTokens:N0}, out {d.Usage.OutputTokens:N0}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"  model {d.Model.Id}; tokens in {d.Usage.InputTokens:N0}, out {d.Usage.OutputTokens:N0}"),
    };

    /// <summary>The candidate patterns a dream considered, one line each, then the reason it was dropped when it was.</summary>
    public static string Patterns(Dream d, IReadOnlyList<Dreaming.Findings.ConsideredPattern> patterns)
    {
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture,
                $"{d.Id}: {patterns.Count(p => p.Decision == Dreaming.Findings.PatternReasons.DecisionProposed):N0} proposed, {patterns.Count(p => p.Decision != Dreaming.Findings.PatternReasons.DecisionProposed):N0} dropped, of {d.Progress.SessionsAnalyzed:N0} sessions read"),
        };
        if (patterns.Count == 0)
        {
            lines.Add(d.Status == DreamStatus.Completed ? "  no candidate pattern: no signal recurred in the sessions read" : $"  the dream is {DreamMapping.StatusName(d.Status)}; it records what it considered when it completes");
        }

        foreach (var p in patterns)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"  {p.Decision,-8}  {p.Kind,-17}  {p.Sessions,5:N0}/{p.SessionsRead:N0} sessions  {p.Agents} agent{(p.Agents == 1 ? "" : "s")}  {p.Title}{(p.ProposalId is null ? "" : $"  ({p.ProposalId})")}"));
            if (p.Decision != Dreaming.Findings.PatternReasons.DecisionProposed)
            {
                lines.Add($"            {p.Reason}: {p.Detail}");
            }
        }

        return string.Join('\n', lines);
    }

    public static string Estimate(DreamEstimate e) => string.Join('\n', EstimateLines(e));

    private static IEnumerable<string> EstimateLines(DreamEstimate e)
    {
        yield return string.Create(CultureInfo.InvariantCulture, $"dry run: {e.Sessions:N0} sessions, {e.Events:N0} events, {e.SessionsWithSignals:N0} with signals; nothing was written");
        yield return e.UsesModel
            ? string.Create(CultureInfo.InvariantCulture, $"  model: {e.Batches:N0} batches, about {e.EstimatedInputTokens:N0} input and {e.EstimatedOutputTokens:N0} output tokens{(e.EstimatedCostUsd is { } cost ? $", about ${cost:N2}" : ", price unknown")}; budget {e.TokenBudget:N0} tokens")
            : "  no model provider configured (ANTHROPIC_API_KEY, OPENAI_API_KEY or OPENAI_BASE_URL): the rule-based analyzers run alone and spend no tokens";
    }
}

/// <summary>A dream's progress: one line rewritten in place on a terminal, a plain line on each stage change elsewhere.</summary>
internal sealed class DreamDisplay(bool plain) : IProgress<Dream>, IDisposable
{
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(200);
    private readonly ProgressLine _line = new(plain);
    private long _last;
    private string? _stage;

    public void Report(Dream value)
    {
        var p = value.Progress;
        var now = Stopwatch.GetTimestamp();
        var changed = p.Stage != _stage;
        if (!changed && (plain || Stopwatch.GetElapsedTime(_last, now) < Every))
        {
            return;
        }

        _last = now;
        _stage = p.Stage;
        _line.Show(string.Create(CultureInfo.InvariantCulture, $"{p.Stage}: {p.SessionsAnalyzed:N0}/{p.SessionsTotal:N0} sessions, {value.Usage.InputTokens + value.Usage.OutputTokens:N0} tokens"));
    }

    public void Finish() => _line.Finish();

    public void Dispose() => Finish();
}
