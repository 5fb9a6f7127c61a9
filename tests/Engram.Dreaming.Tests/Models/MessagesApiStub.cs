using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Engram.Dreaming.Tests.Models;

/// <summary>
/// A loopback stub of the Messages API (<c>POST /v1/messages</c>, non-streaming): answers from a script, in
/// order, and records each request body and when it came on the clock given.
/// </summary>
internal sealed class MessagesApiStub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(int Status, JsonObject Body, (string Name, string Value)? Header)> _answers = new();
    private readonly TimeProvider _time;

    private MessagesApiStub(WebApplication app, TimeProvider time)
    {
        _app = app;
        _time = time;
    }

    public string BaseUrl { get; private set; } = "";

    public List<(JsonElement Body, DateTimeOffset At, string Headers)> Requests { get; } = [];

    public static async Task<MessagesApiStub> StartAsync(TimeProvider time)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var stub = new MessagesApiStub(app, time);
        app.MapPost("/v1/messages", stub.AnswerAsync);
        await app.StartAsync();
        stub.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return stub;
    }

    /// <summary>An assistant message calling one tool.</summary>
    public MessagesApiStub ToolUse(string id, string name, object input, int inputTokens, int outputTokens, int cacheCreation = 0, int cacheRead = 0) =>
        Message([new JsonObject { ["type"] = "tool_use", ["id"] = id, ["name"] = name, ["input"] = JsonSerializer.SerializeToNode(input) }], "tool_use", inputTokens, outputTokens, cacheCreation, cacheRead);

    /// <summary>A final assistant message.</summary>
    public MessagesApiStub EndTurn(string text, int inputTokens, int outputTokens, int cacheCreation = 0, int cacheRead = 0) =>
        Message([new JsonObject { ["type"] = "text", ["text"] = text }], "end_turn", inputTokens, outputTokens, cacheCreation, cacheRead);

    /// <summary>An error answer as the API sends it.</summary>
    public MessagesApiStub Error(int status, string type, (string Name, string Value)? header = null)
    {
        _answers.Enqueue((status, new JsonObject { ["type"] = "error", ["error"] = new JsonObject { ["type"] = type, ["message"] = $"stubbed {type}" } }, header));
        return this;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private MessagesApiStub Message(JsonArray content, string stopReason, int inputTokens, int outputTokens, int cacheCreation, int cacheRead)
    {
        _answers.Enqueue((200, new JsonObject
        {
            ["id"] = $"msg_{_answers.Count:D3}",
            ["type"] = "message",
            ["role"] = "assistant",
            ["model"] = "claude-sonnet-4-5",
            ["content"] = content,
            ["stop_reason"] = stopReason,
            ["stop_sequence"] = null,
            ["usage"] = new JsonObject
            {
                ["input_tokens"] = inputTokens,
                ["output_tokens"] = outputTokens,
                ["cache_creation_input_tokens"] = cacheCreation,
                ["cache_read_input_tokens"] = cacheRead,
            },
        }, null));
        return this;
    }

    private async Task AnswerAsync(HttpContext context)
    {
        using var document = await JsonDocument.ParseAsync(context.Request.Body);
        lock (Requests)
        {
            Requests.Add((document.RootElement.Clone(), _time.GetUtcNow(), string.Join(";", context.Request.Headers.Select(h => $"{h.Key}={h.Value}"))));
        }

        if (!_answers.TryDequeue(out var answer))
        {
            answer = (500, new JsonObject { ["type"] = "error", ["error"] = new JsonObject { ["type"] = "api_error", ["message"] = "the stub's script is exhausted" } }, null);
        }

        context.Response.StatusCode = answer.Status;
        if (answer.Header is { } header)
        {
            context.Response.Headers[header.Name] = header.Value;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer.Body.ToJsonString());
    }
}
