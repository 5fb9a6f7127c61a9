using Engram.Dreaming.Dreams;

namespace Engram.Wire;

/// <summary>Dreams to their wire shapes and back (status and output-behavior names).</summary>
internal static class DreamMapping
{
    /// <summary>The wire object of a dream; session ids are listed in sorted order, as the hosted API lists them.</summary>
    public static DreamJson ToJson(this Dream dream)
    {
        var selection = dream.Selection;
        var filter = selection.HasFilter ? new DreamSessionFilterJson(selection.Since, selection.Agent, selection.AttachedStoreId) : null;
        return new DreamJson(
            dream.Id,
            StatusName(dream.Status),
            [
                new DreamInputJson("memory_store", dream.StoreId, null, null),
                new DreamInputJson("sessions", null, [.. selection.SessionIds.Order(StringComparer.Ordinal)], filter),
            ],
            dream.Instructions,
            new DreamModelJson(dream.Model.Id, dream.Model.Speed),
            dream.OutputBehavior == DreamOutputBehavior.UpdateExisting
                ? new DreamOutputBehaviorJson("update_existing", dream.StoreId)
                : new DreamOutputBehaviorJson("create_new", null),
            dream.OutputStoreId is { } output ? [new DreamOutputJson(output)] : [],
            null,
            new DreamUsageJson(dream.Usage.InputTokens, dream.Usage.OutputTokens, dream.Usage.CacheCreationInputTokens, dream.Usage.CacheReadInputTokens),
            dream.Error is { } error ? new DreamErrorJson(error.Type, error.Message) : null,
            dream.CreatedAt,
            dream.EndedAt,
            dream.ArchivedAt,
            new DreamProgressJson(dream.Progress.Stage, dream.Progress.SessionsTotal, dream.Progress.SessionsAnalyzed, dream.Progress.Proposals),
            dream.CreatedBy.ToJson(),
            [.. dream.Effects.Select(e => new DreamEffectJson(e.ProposalId, e.DreamId, e.Signature, e.Title, e.AppliedAt, e.SessionsBefore, e.SessionsReadBefore, e.SessionsAfter, e.SeenAfter))])
        {
            Analysis = dream.Analysis,
            Degraded = dream.Degraded is { } degraded ? new DreamErrorJson(degraded.Type, degraded.Message) : null,
            InstructionsRead = dream.InstructionsRead.Count == 0 ? null : [.. dream.InstructionsRead.Select(r => new InstructionReadingJson(r.Sentence, r.Reading))],
        };
    }

    /// <summary>The wire object of a considered pattern.</summary>
    public static DreamPatternJson ToJson(this Dreaming.Findings.ConsideredPattern p) =>
        new(p.Signature, p.Kind, p.Title, p.Sessions, p.SessionsRead, p.Agents, p.Occurrences, p.Decision, p.Reason, p.Detail, p.ProposalId);

    /// <summary>The considered pattern a wire object describes.</summary>
    public static Dreaming.Findings.ConsideredPattern ToModel(this DreamPatternJson j) =>
        new(j.Signature, j.Kind, j.Title, j.Sessions, j.SessionsRead, j.Agents, j.Occurrences, j.Decision, j.Reason, j.Detail) { ProposalId = j.ProposalId };

    /// <summary>The dry run's wire object.</summary>
    public static DreamEstimateJson ToJson(this DreamEstimate e) =>
        new(e.Sessions, e.Events, e.SessionsWithSignals, e.UsesModel, e.Batches, e.EstimatedInputTokens, e.EstimatedOutputTokens, e.EstimatedCostUsd, e.TokenBudget);

    /// <summary>The dry run a wire object describes.</summary>
    public static DreamEstimate ToModel(this DreamEstimateJson j) =>
        new(j.Sessions, j.Events, j.SessionsWithSignals, j.UsesModel, j.Batches, j.EstimatedInputTokens, j.EstimatedOutputTokens, j.EstimatedCostUsd, j.TokenBudget);

    /// <summary>The wire name of a status: <c>pending</c>, <c>running</c>, <c>completed</c>, <c>failed</c> or <c>canceled</c>.</summary>
    public static string StatusName(DreamStatus status) => DreamStatusNames.Of(status);

    /// <summary>The status a wire name stands for, or null when it names none.</summary>
    public static DreamStatus? ParseStatus(string text) => DreamStatusNames.Find(text);

    /// <summary>The dream a wire object describes (for remote clients).</summary>
    public static Dream FromJson(DreamJson json)
    {
        var store = json.Inputs.FirstOrDefault(i => i.Type == "memory_store")?.MemoryStoreId ?? "";
        var sessions = json.Inputs.FirstOrDefault(i => i.Type == "sessions");
        var filter = sessions?.Filter;
        return new Dream(
            json.Id,
            ParseStatus(json.Status) ?? DreamStatus.Failed,
            store,
            new SessionSelection(sessions?.SessionIds ?? [], filter?.Since, filter?.Agent, filter?.MemoryStoreId, All: filter is not null),
            json.Instructions,
            new DreamModel(json.Model.Id, json.Model.Speed),
            json.OutputBehavior.Type == "update_existing" ? DreamOutputBehavior.UpdateExisting : DreamOutputBehavior.CreateNew,
            json.Outputs.FirstOrDefault()?.MemoryStoreId,
            new DreamUsage(json.Usage.InputTokens, json.Usage.OutputTokens, json.Usage.CacheCreationInputTokens, json.Usage.CacheReadInputTokens),
            json.Error is { } error ? new DreamError(error.Type, error.Message) : null,
            new DreamProgress(json.Progress.Stage, json.Progress.SessionsTotal, json.Progress.SessionsAnalyzed, json.Progress.Proposals),
            json.CreatedBy.ToModel() ?? throw new FormatException("a dream must name its creator"),
            json.CreatedAt,
            json.EndedAt,
            json.ArchivedAt)
        {
            Effects = [.. (json.Effects ?? []).Select(e => new DreamEffect(e.ProposalId, e.DreamId, e.Signature, e.Title, e.AppliedAt, e.SessionsBefore, e.SessionsReadBefore, e.SessionsAfter, e.SeenAfter))],
            Analysis = json.Analysis,
            Degraded = json.Degraded is { } degraded ? new DreamError(degraded.Type, degraded.Message) : null,
            InstructionsRead = [.. (json.InstructionsRead ?? []).Select(r => new Dreaming.Synthesis.InstructionReading(r.Sentence, r.Reading))],
        };
    }
}
