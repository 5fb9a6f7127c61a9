using System.Globalization;
using Engram.Dreaming.Dreams;
using Engram.Dreaming.Model;

namespace Engram.Web.Governance;

/// <summary>How the dream pages state a dream's status, progress, usage and cost.</summary>
internal static class DreamFacts
{
    /// <summary>pending, running, completed, failed, canceled.</summary>
    public static string Status(Dream dream) => DreamStatusNames.Of(dream.Status);

    /// <summary>"7 of 12 sessions".</summary>
    public static string Progress(Dream dream) =>
        string.Create(CultureInfo.InvariantCulture, $"{dream.Progress.SessionsAnalyzed:N0} of {dream.Progress.SessionsTotal:N0} sessions");

    /// <summary>Tokens spent in and out, or that the rules alone spent none.</summary>
    public static string Usage(Dream dream) =>
        dream.Usage.InputTokens + dream.Usage.OutputTokens == 0
            ? "no tokens"
            : string.Create(CultureInfo.InvariantCulture, $"{dream.Usage.InputTokens:N0} in, {dream.Usage.OutputTokens:N0} out");

    /// <summary>
    /// What the tokens cost at the model's list price (<see cref="ModelPrices"/>), "$0.00" when none were spent, or null
    /// when the model's price is unknown. An estimate: it ignores discounts and negotiated prices.
    /// </summary>
    public static string? Cost(Dream dream) =>
        dream.Usage.InputTokens + dream.Usage.OutputTokens + dream.Usage.CacheCreationInputTokens + dream.Usage.CacheReadInputTokens == 0
            ? Dollars(0m)
            : ModelPrices.For(dream.Model.Id)?.Cost(dream.Usage) is { } cost ? Dollars(cost) : null;

    /// <summary>"$1.23".</summary>
    public static string Dollars(decimal amount) => string.Create(CultureInfo.InvariantCulture, $"${amount:N2}");

    /// <summary>How its sessions were chosen: "every session", "active since ...", "of agent deployer", "3 named sessions".</summary>
    public static string Selection(SessionSelection selection, Func<string, string> storeName)
    {
        var parts = new List<string>();
        if (selection.SessionIds.Count > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{selection.SessionIds.Count:N0} named session{(selection.SessionIds.Count == 1 ? "" : "s")}"));
        }

        if (selection.HasFilter)
        {
            var filter = new List<string> { selection.Since is { } since ? $"sessions active since {Review.UiFormat.Time(since)}" : "every session" };
            if (selection.Agent is { } agent)
            {
                filter.Add($"of agent {agent}");
            }

            if (selection.AttachedStoreId is { } attached)
            {
                filter.Add($"with {storeName(attached)} attached");
            }

            parts.Add(string.Join(' ', filter));
        }

        return string.Join(", and ", parts);
    }
}
