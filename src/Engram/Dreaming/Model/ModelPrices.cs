using Engram.Dreaming.Dreams;

namespace Engram.Dreaming.Model;

/// <summary>A model's list price in US dollars per million tokens.</summary>
/// <param name="InputPerMillion">Uncached input.</param>
/// <param name="OutputPerMillion">Output.</param>
public sealed record ModelPrice(decimal InputPerMillion, decimal OutputPerMillion)
{
    /// <summary>Cache writes cost this many times uncached input (five-minute cache).</summary>
    public const decimal CacheWriteFactor = 1.25m;

    /// <summary>Cache reads cost this many times uncached input.</summary>
    public const decimal CacheReadFactor = 0.1m;

    /// <summary>What <paramref name="usage"/> costs at this price, in US dollars.</summary>
    public decimal Cost(DreamUsage usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        var input = usage.InputTokens + (usage.CacheCreationInputTokens * CacheWriteFactor) + (usage.CacheReadInputTokens * CacheReadFactor);
        return ((input * InputPerMillion) + (usage.OutputTokens * OutputPerMillion)) / 1_000_000m;
    }
}

/// <summary>
/// Anthropic's published list prices for known Claude models, for a dry run's cost estimate only: an estimate,
/// as of <see cref="AsOf"/>, that ignores batch discounts, long-context surcharges and any negotiated price. An
/// unknown model has no price (null), rather than a guessed one.
/// </summary>
internal static class ModelPrices
{
    /// <summary>When the table was last checked against the published prices.</summary>
    public static DateOnly AsOf { get; } = new(2025, 11, 24);

    // Model aliases; a dated id (alias + "-YYYYMMDD") or "-latest" has the alias's price.
    private static readonly Dictionary<string, ModelPrice> Known = new(StringComparer.Ordinal)
    {
        ["claude-opus-4-5"] = new(5m, 25m),
        ["claude-opus-4-1"] = new(15m, 75m),
        ["claude-opus-4-0"] = new(15m, 75m),
        ["claude-opus-4"] = new(15m, 75m),
        ["claude-sonnet-4-5"] = new(3m, 15m),
        ["claude-sonnet-4-0"] = new(3m, 15m),
        ["claude-sonnet-4"] = new(3m, 15m),
        ["claude-3-7-sonnet"] = new(3m, 15m),
        ["claude-3-5-sonnet"] = new(3m, 15m),
        ["claude-haiku-4-5"] = new(1m, 5m),
        ["claude-3-5-haiku"] = new(0.8m, 4m),
        ["claude-3-opus"] = new(15m, 75m),
        ["claude-3-haiku"] = new(0.25m, 1.25m),
    };

    /// <summary>The price of <paramref name="modelId"/>, or null when the model is not in the table.</summary>
    public static ModelPrice? For(string modelId)
    {
        ArgumentNullException.ThrowIfNull(modelId);
        if (Known.TryGetValue(modelId, out var exact))
        {
            return exact;
        }

        var dash = modelId.LastIndexOf('-');
        if (dash > 0)
        {
            var suffix = modelId.AsSpan(dash + 1);
            var dated = suffix.Length == 8 && suffix.IndexOfAnyExceptInRange('0', '9') < 0;
            if ((dated || suffix.SequenceEqual("latest")) && Known.TryGetValue(modelId[..dash], out var alias))
            {
                return alias;
            }
        }

        return null;
    }
}
