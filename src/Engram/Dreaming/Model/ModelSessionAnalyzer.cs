using Engram.Dreaming.Analysis;
using Engram.Dreaming.Dreams;
using Engram.Search;
using Microsoft.Extensions.AI;

namespace Engram.Dreaming.Model;

/// <summary>
/// The model-backed sub-agent: sends one batch's signals and the events around them (not whole transcripts),
/// the store's index and the dream's instructions to a model through <see cref="IChatClient"/>, lets it read the
/// memories and events it needs and report findings through tools, and checks every finding against the
/// batch before keeping it. Provider failures that may pass (429, 529, 5xx) are retried with backoff on the
/// injected clock. Safe to share between parallel batches: each call keeps its own state.
/// </summary>
internal sealed partial class ModelSessionAnalyzer : ISessionAnalyzer
{
    private readonly IChatClient _chatClient;
    private readonly string _modelId;
    private readonly ModelAnalyzerOptions _options;
    private readonly ModelRetryPipeline _retry;

    /// <summary>An analyzer asking <paramref name="modelId"/> through <paramref name="chatClient"/>, within <paramref name="options"/>, retrying on <paramref name="timeProvider"/>'s clock.</summary>
    public ModelSessionAnalyzer(IChatClient chatClient, string modelId, ModelAnalyzerOptions options, TimeProvider timeProvider)
        : this(chatClient, modelId, options, timeProvider, randomizer: null)
    {
    }

    /// <summary>As the public constructor, with the retries' jitter drawn from <paramref name="randomizer"/> (tests).</summary>
    internal ModelSessionAnalyzer(IChatClient chatClient, string modelId, ModelAnalyzerOptions options, TimeProvider timeProvider, Func<double>? randomizer)
    {
        ArgumentNullException.ThrowIfNull(chatClient);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _chatClient = chatClient;
        _modelId = modelId;
        _options = options.Validated();
        _retry = new ModelRetryPipeline(options.Retry, timeProvider, randomizer);
    }

    /// <summary>The model asked.</summary>
    public string ModelId => _modelId;

    /// <inheritdoc/>
    public async Task<SessionAnalysis> AnalyzeAsync(SessionAnalysisRequest request, CancellationToken cancellationToken)
    {
        var (batch, tools, messages, chatOptions) = await FirstRequestAsync(request, cancellationToken).ConfigureAwait(false);
        var usage = DreamUsage.None;
        for (var round = 0; round < _options.MaxToolRounds; round++)
        {
            var response = await _retry.ExecuteAsync(
                token => new ValueTask<ChatResponse>(_chatClient.GetResponseAsync(messages, chatOptions, token)), cancellationToken).ConfigureAwait(false);
            usage = usage.Plus(UsageOf(response.Usage));
            messages.AddRange(response.Messages);
            var calls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
            if (calls.Count == 0)
            {
                break;
            }

            var results = new List<AIContent>(calls.Count);
            foreach (var (call, position) in calls.Select((call, position) => (call, position)))
            {
                results.Add(position < _options.MaxToolCallsPerRound
                    ? await tools.InvokeAsync(call, cancellationToken).ConfigureAwait(false)
                    : new FunctionResultContent(call.CallId, $"skipped: at most {_options.MaxToolCallsPerRound} tool calls are carried out per turn"));
            }

            messages.Add(new ChatMessage(ChatRole.Tool, results));
        }

        return new SessionAnalysis(batch.Findings, usage);
    }

    /// <inheritdoc/>
    public async Task<long> EstimateInputTokensAsync(SessionAnalysisRequest request, CancellationToken cancellationToken)
    {
        var (_, tools, messages, _) = await FirstRequestAsync(request, cancellationToken).ConfigureAwait(false);
        return CountTokens(messages, tools.Declarations);
    }

    /// <summary>Tokens of a request as cl100k counts them: every text, tool call and result, and the tools' declarations.</summary>
    public static long CountTokens(IEnumerable<ChatMessage> messages, IEnumerable<AITool> tools)
    {
        long tokens = 0;
        foreach (var content in messages.SelectMany(m => m.Contents))
        {
            tokens += content switch
            {
                TextContent text => ContextBuilder.CountTokens(text.Text),
                FunctionCallContent call => ContextBuilder.CountTokens(call.Name) + ContextBuilder.CountTokens(System.Text.Json.JsonSerializer.Serialize(call.Arguments)),
                FunctionResultContent result => ContextBuilder.CountTokens(result.Result?.ToString() ?? ""),
                _ => 0,
            };
        }

        foreach (var function in tools.OfType<AIFunctionDeclaration>())
        {
            tokens += ContextBuilder.CountTokens(function.Name) + ContextBuilder.CountTokens(function.Description)
                + ContextBuilder.CountTokens(function.JsonSchema.GetRawText());
        }

        return tokens;
    }

    private async Task<(AnalysisBatch Batch, AnalysisTools Tools, List<ChatMessage> Messages, ChatOptions Options)> FirstRequestAsync(
        SessionAnalysisRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Sessions);
        ArgumentNullException.ThrowIfNull(request.StoreIndex);
        ArgumentNullException.ThrowIfNull(request.Reader);
        var batch = new AnalysisBatch(request, _options);
        var tools = new AnalysisTools(batch);
        var user = await AnalysisPrompt.UserMessageAsync(batch, cancellationToken).ConfigureAwait(false);
        List<ChatMessage> messages =
        [
            new(ChatRole.System, AnalysisPrompt.SystemMessage(request.Instructions)),
            new(ChatRole.User, user),
        ];
        var chatOptions = new ChatOptions
        {
            ModelId = _modelId,
            MaxOutputTokens = _options.MaxOutputTokens,
            Tools = tools.Declarations,
            ToolMode = ChatToolMode.Auto,
        };
        return (batch, tools, messages, chatOptions);
    }

    /// <summary>
    /// A response's usage as the hosted API counts it: Microsoft.Extensions.AI's input count includes cache reads
    /// and writes (the Anthropic chat client adds them up; OpenAI's prompt tokens include cached ones), while the
    /// dream's input tokens, like the Messages API's, are the uncached rest.
    /// </summary>
    internal static DreamUsage UsageOf(UsageDetails? usage)
    {
        if (usage is null)
        {
            return DreamUsage.None;
        }

        var read = usage.CachedInputTokenCount ?? 0;
        var written = usage.AdditionalCounts is { } counts && counts.TryGetValue(CacheCreationKey, out var created) ? created : 0;
        return new DreamUsage(Math.Max(0, (usage.InputTokenCount ?? 0) - read - written), usage.OutputTokenCount ?? 0, written, read);
    }

    /// <summary>The additional count the Anthropic SDK's chat client reports cache writes under.</summary>
    internal const string CacheCreationKey = "CacheCreationInputTokens";
}
