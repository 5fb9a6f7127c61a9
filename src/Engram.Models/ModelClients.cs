using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using Anthropic;
using Engram.Dreaming.Analysis;
using Engram.Dreaming.Dreams;
using Engram.Dreaming.Model;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;

namespace Engram.Models;

/// <summary>
/// Makes a dream's model sub-agents from configuration: Claude models through the official Anthropic SDK's
/// <c>AsIChatClient</c>, other models through the OpenAI-compatible client (a local server included). A model
/// id starting with <c>claude</c> goes to Anthropic when it is configured, anything else to the
/// OpenAI-compatible endpoint when it is; either falls back to the other provider. The SDKs' own retries are
/// off, so the analyzer's retries are the only ones. With nothing configured, <see cref="AnalyzerFor"/>
/// answers null and dreams use the rule-based analyzers alone.
/// </summary>
public sealed class ModelClients : IDisposable
{
    /// <summary>The OpenAI client wants a credential even where a local server takes none.</summary>
    private const string NoKey = "no-key";

    private readonly ModelClientOptions _options;
    private readonly TimeProvider _time;
    private readonly HttpClient? _anthropicHttp;
    private readonly HttpClient? _openAIHttp;
    private readonly AnthropicClient? _anthropic;
    private readonly ConcurrentDictionary<string, ISessionAnalyzer?> _analyzers = new(StringComparer.Ordinal);

    /// <summary>Where the Anthropic SDK sends requests when no base URL is set: named in failures, so a person knows which endpoint failed.</summary>
    private const string DefaultAnthropicEndpoint = "https://api.anthropic.com";

    /// <summary>Where the OpenAI client sends requests when no base URL is set.</summary>
    private const string DefaultOpenAIEndpoint = "https://api.openai.com/v1";

    /// <summary>Clients for the providers <paramref name="options"/> configures, retrying on <paramref name="timeProvider"/>'s clock.</summary>
    public ModelClients(ModelClientOptions options, TimeProvider timeProvider) : this(options, timeProvider, handler: null)
    {
    }

    /// <summary>As the public constructor, sending HTTP through <paramref name="handler"/> (tests).</summary>
    internal ModelClients(ModelClientOptions options, TimeProvider timeProvider, HttpMessageHandler? handler)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _options = options;
        _time = timeProvider;
        if (options.HasAnthropic)
        {
            _anthropicHttp = new HttpClient(new RetryAfterCapture(timeProvider, handler ?? new SocketsHttpHandler()), disposeHandler: true);
            _anthropic = options.AnthropicBaseUrl is { } baseUrl
                ? new AnthropicClient { ApiKey = options.AnthropicApiKey, BaseUrl = baseUrl.TrimEnd('/'), HttpClient = _anthropicHttp, MaxRetries = 0 }
                : new AnthropicClient { ApiKey = options.AnthropicApiKey, HttpClient = _anthropicHttp, MaxRetries = 0 };
        }

        if (options.HasOpenAI)
        {
            _openAIHttp = new HttpClient(new RetryAfterCapture(timeProvider, handler ?? new SocketsHttpHandler()), disposeHandler: true);
        }
    }

    /// <summary>Clients configured from <c>ANTHROPIC_API_KEY</c>, <c>ANTHROPIC_BASE_URL</c>, <c>OPENAI_API_KEY</c> and <c>OPENAI_BASE_URL</c>.</summary>
    public static ModelClients FromEnvironment(TimeProvider timeProvider, ModelAnalyzerOptions? analyzer = null) =>
        new(ModelClientOptions.FromEnvironment(analyzer: analyzer), timeProvider);

    /// <summary>Some provider is configured, so dreams can use a model.</summary>
    public bool IsConfigured => _anthropic is not null || _openAIHttp is not null;

    /// <summary>Which providers are configured and where, never a key: for logs and <c>--dry-run</c> output.</summary>
    public string Description => _options.ToString();

    /// <summary>The sub-agent for <paramref name="model"/>, or null when no provider is configured. One analyzer per model id, shared.</summary>
    public ISessionAnalyzer? AnalyzerFor(DreamModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return _analyzers.GetOrAdd(model.Id, id => ChatClientFor(id) is { } client
            ? new ModelSessionAnalyzer(client, id, _options.Analyzer, _time)
            : null);
    }

    /// <summary>The chat client for <paramref name="modelId"/>, its HTTP failures translated for retries; null when no provider is configured.</summary>
    public IChatClient? ChatClientFor(string modelId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        var claude = modelId.StartsWith("claude", StringComparison.OrdinalIgnoreCase);
        var anthropic = _anthropic is not null && (claude || _openAIHttp is null);
        if (anthropic)
        {
            return new ProviderFaultChatClient(_anthropic!.AsIChatClient(modelId), $"Anthropic API at {(_options.AnthropicBaseUrl ?? DefaultAnthropicEndpoint).TrimEnd('/')}");
        }

        if (_openAIHttp is null)
        {
            return null;
        }

        var options = new OpenAIClientOptions
        {
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            Transport = new HttpClientPipelineTransport(_openAIHttp),
        };
        if (_options.OpenAIBaseUrl is { } baseUrl)
        {
            options.Endpoint = new Uri(baseUrl);
        }

        var chat = new ChatClient(modelId, new ApiKeyCredential(_options.OpenAIApiKey ?? NoKey), options);
        return new ProviderFaultChatClient(chat.AsIChatClient(), $"OpenAI-compatible API at {(_options.OpenAIBaseUrl ?? DefaultOpenAIEndpoint).TrimEnd('/')}");
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _anthropic?.Dispose();
        _anthropicHttp?.Dispose();
        _openAIHttp?.Dispose();
    }
}
