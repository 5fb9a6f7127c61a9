using Microsoft.Extensions.AI;

namespace Engram.Dreaming.Tests.Dreaming.Model;

/// <summary>A chat client that answers from a queue (a response, or an exception to throw) and records every request as sent.</summary>
internal sealed class ScriptedChatClient(TimeProvider? time = null) : IChatClient
{
    private readonly Queue<Func<ChatResponse>> _answers = new();

    /// <summary>When each request came, on the clock given (the epoch without one).</summary>
    public List<DateTimeOffset> RequestTimes { get; } = [];

    public List<(List<ChatMessage> Messages, ChatOptions? Options)> Requests { get; } = [];

    public ScriptedChatClient Answer(ChatResponse response)
    {
        _answers.Enqueue(() => response);
        return this;
    }

    public ScriptedChatClient Fail(Exception exception)
    {
        _answers.Enqueue(() => throw exception);
        return this;
    }

    /// <summary>An assistant turn calling one tool.</summary>
    public ScriptedChatClient Calls(string callId, string tool, Dictionary<string, object?> arguments, long inputTokens = 100, long outputTokens = 10) =>
        Answer(new ChatResponse(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent(callId, tool, arguments)]))
        {
            Usage = new UsageDetails { InputTokenCount = inputTokens, OutputTokenCount = outputTokens },
        });

    /// <summary>A final assistant turn with no tool call.</summary>
    public ScriptedChatClient Done(long inputTokens = 100, long outputTokens = 10, long cachedInputTokens = 0) =>
        Answer(new ChatResponse(new ChatMessage(ChatRole.Assistant, "Done."))
        {
            Usage = new UsageDetails { InputTokenCount = inputTokens, OutputTokenCount = outputTokens, CachedInputTokenCount = cachedInputTokens },
        });

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Requests.Add(([.. messages], options));
        RequestTimes.Add(time?.GetUtcNow() ?? DateTimeOffset.UnixEpoch);
        if (_answers.Count == 0)
        {
            throw new InvalidOperationException("the script has no answer left");
        }

        return Task.FromResult(_answers.Dequeue()());
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }

    public static string SystemText(List<ChatMessage> messages) => string.Join("\n", messages.Where(m => m.Role == ChatRole.System).Select(m => m.Text));

    public static string UserText(List<ChatMessage> messages) => string.Join("\n", messages.Where(m => m.Role == ChatRole.User).Select(m => m.Text));

    public static string ToolResults(List<ChatMessage> messages) => string.Join("\n", messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().Select(r => r.Result?.ToString()));
}
