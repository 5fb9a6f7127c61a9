using Engram.Dreaming.Model;

namespace Engram.Models;

/// <summary>
/// Where dreams reach models: the Anthropic API (or a compatible gateway) for Claude, and an OpenAI-compatible
/// endpoint (OpenAI, or a local server) for everything else. Keys are never printed: <see cref="ToString"/>
/// says only which providers are configured.
/// </summary>
public sealed class ModelClientOptions
{
    /// <summary>The Anthropic API key (<c>ANTHROPIC_API_KEY</c>).</summary>
    public string? AnthropicApiKey { get; init; }

    /// <summary>The Anthropic API's base URL (<c>ANTHROPIC_BASE_URL</c>); the SDK's default when null.</summary>
    public string? AnthropicBaseUrl { get; init; }

    /// <summary>The OpenAI-compatible API key (<c>OPENAI_API_KEY</c>); a local server may need none.</summary>
    public string? OpenAIApiKey { get; init; }

    /// <summary>The OpenAI-compatible base URL (<c>OPENAI_BASE_URL</c>, such as <c>http://localhost:11434/v1</c>); the SDK's default when null.</summary>
    public string? OpenAIBaseUrl { get; init; }

    /// <summary>Bounds and retries of every analyzer made from these options.</summary>
    public ModelAnalyzerOptions Analyzer { get; init; } = new();

    /// <summary>An Anthropic key is set.</summary>
    public bool HasAnthropic => !string.IsNullOrWhiteSpace(AnthropicApiKey);

    /// <summary>An OpenAI-compatible key or base URL is set (a local server may take no key).</summary>
    public bool HasOpenAI => !string.IsNullOrWhiteSpace(OpenAIApiKey) || !string.IsNullOrWhiteSpace(OpenAIBaseUrl);

    /// <summary>The options the environment gives: <c>ANTHROPIC_API_KEY</c>, <c>ANTHROPIC_BASE_URL</c>, <c>OPENAI_API_KEY</c>, <c>OPENAI_BASE_URL</c>.</summary>
    /// <param name="environment">Reads a variable; <see cref="Environment.GetEnvironmentVariable(string)"/> when null.</param>
    /// <param name="analyzer">Analyzer bounds; the defaults when null.</param>
    public static ModelClientOptions FromEnvironment(Func<string, string?>? environment = null, ModelAnalyzerOptions? analyzer = null)
    {
        var read = environment ?? Environment.GetEnvironmentVariable;
        return new ModelClientOptions
        {
            AnthropicApiKey = Blank(read("ANTHROPIC_API_KEY")),
            AnthropicBaseUrl = Blank(read("ANTHROPIC_BASE_URL")),
            OpenAIApiKey = Blank(read("OPENAI_API_KEY")),
            OpenAIBaseUrl = Blank(read("OPENAI_BASE_URL")),
            Analyzer = analyzer ?? new ModelAnalyzerOptions(),
        };
    }

    /// <summary>Which providers are configured and where, never a key.</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        if (HasAnthropic)
        {
            parts.Add($"anthropic ({AnthropicBaseUrl ?? "default endpoint"})");
        }

        if (HasOpenAI)
        {
            parts.Add($"openai-compatible ({OpenAIBaseUrl ?? "default endpoint"})");
        }

        return parts.Count == 0 ? "no model provider configured" : string.Join(", ", parts);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
