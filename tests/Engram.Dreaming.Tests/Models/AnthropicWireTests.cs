using System.Text.Json;
using Engram.Dreaming.Dreams;
using Engram.Dreaming.Model;
using Engram.Dreaming.Tests.Dreaming.Model;
using Engram.Models;
using Microsoft.Extensions.Time.Testing;

namespace Engram.Dreaming.Tests.Models;

/// <summary>The analyzer through the official Anthropic SDK's <c>AsIChatClient</c>, as <see cref="ModelClients"/> builds it, against a loopback stub of the Messages API.</summary>
public sealed class AnthropicWireTests
{
    [Fact]
    public async Task Tool_use_round_trips_through_the_official_sdk_into_a_finding_and_usage()
    {
        var time = new FakeTimeProvider(Batches.Start);
        await using var stub = await MessagesApiStub.StartAsync(time);
        stub.ToolUse("toolu_01", "read_memory", new { path = "/org/tools.md" }, inputTokens: 1_000, outputTokens: 40, cacheCreation: 300)
            .ToolUse("toolu_02", "report_finding", new
            {
                signature = "pytest missing use python -m pytest",
                title = "pytest is not on PATH",
                target_path = "/org/tools.md",
                text = "Run tests with `python -m pytest`; `pytest` is not on PATH here.",
                rationale = "The bare command failed and the module form worked.",
                evidence = new[] { new { session_id = "sesn_a", event_index = 47 } },
            }, inputTokens: 1_200, outputTokens: 90, cacheRead: 1_000)
            .EndTurn("One finding reported.", inputTokens: 1_300, outputTokens: 8, cacheRead: 1_100);
        using var clients = new ModelClients(new ModelClientOptions { AnthropicApiKey = "sk-ant-test", AnthropicBaseUrl = stub.BaseUrl }, time);
        var session = Batches.Builder();

        var analyzer = clients.AnalyzerFor(new DreamModel("claude-sonnet-4-5"));
        var analysis = await analyzer!.AnalyzeAsync(Batches.Request(Batches.Reader(session), Batches.Instructions, session), CancellationToken.None);

        Assert.Equal(3, stub.Requests.Count);
        var first = stub.Requests[0].Body;
        Assert.Contains("sk-ant-test", stub.Requests[0].Headers, StringComparison.Ordinal);
        Assert.Equal("claude-sonnet-4-5", first.GetProperty("model").GetString());
        Assert.Contains(Batches.Instructions, SystemText(first), StringComparison.Ordinal);
        Assert.Equal(["read_memory", "read_events", "report_finding"], first.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        var toolResult = LastToolResult(stub.Requests[1].Body);
        Assert.Equal("toolu_01", toolResult.GetProperty("tool_use_id").GetString());
        Assert.Contains(Batches.MemoryBodyMarker, toolResult.GetRawText(), StringComparison.Ordinal);
        Assert.Contains("recorded", LastToolResult(stub.Requests[2].Body).GetRawText(), StringComparison.Ordinal);

        var finding = Assert.Single(analysis.Findings);
        Assert.Equal(("sesn_a", "builder", "pytest missing use python -m pytest", "/org/tools.md", false), (finding.SessionId, finding.Agent, finding.Signature, finding.TargetPath, finding.Untrusted));
        Assert.Contains("pytest: command not found", Assert.Single(finding.Evidence).Quote, StringComparison.Ordinal);
        Assert.Equal(new DreamUsage(InputTokens: 3_500, OutputTokens: 138, CacheCreationInputTokens: 300, CacheReadInputTokens: 2_100), analysis.Usage);
    }

    [Fact]
    public async Task An_overloaded_answer_is_retried_once_by_our_pipeline_after_its_retry_after()
    {
        var time = new FakeTimeProvider(Batches.Start);
        await using var stub = await MessagesApiStub.StartAsync(time);
        stub.Error(529, "overloaded_error", ("retry-after", "20")).EndTurn("Nothing to report.", inputTokens: 900, outputTokens: 5);
        using var clients = new ModelClients(new ModelClientOptions { AnthropicApiKey = "sk-ant-test", AnthropicBaseUrl = stub.BaseUrl }, time);
        var session = Batches.Builder();

        var analysis = await ModelSessionAnalyzerRetryTests.DriveAsync(
            clients.AnalyzerFor(new DreamModel("claude-sonnet-4-5"))!.AnalyzeAsync(Batches.Request(Batches.Reader(session), null, session), CancellationToken.None),
            time, TimeSpan.FromSeconds(1));

        Assert.Equal(2, stub.Requests.Count);
        Assert.True(stub.Requests[1].At - stub.Requests[0].At >= TimeSpan.FromSeconds(20), "waited the retry-after on our clock");
        Assert.Equal(900, analysis.Usage.InputTokens);
    }

    [Fact]
    public async Task The_sdk_does_not_retry_on_its_own_so_attempts_are_counted_once()
    {
        var time = new FakeTimeProvider(Batches.Start);
        await using var stub = await MessagesApiStub.StartAsync(time);
        stub.Error(529, "overloaded_error").Error(529, "overloaded_error").EndTurn("late", inputTokens: 1, outputTokens: 1);
        var options = new ModelClientOptions
        {
            AnthropicApiKey = "sk-ant-test",
            AnthropicBaseUrl = stub.BaseUrl,
            Analyzer = new ModelAnalyzerOptions { Retry = new ModelRetryOptions { MaxAttempts = 2 } },
        };
        using var clients = new ModelClients(options, time);
        var session = Batches.Builder();

        var failure = await Assert.ThrowsAsync<ModelUnavailableException>(() => ModelSessionAnalyzerRetryTests.DriveAsync(
            clients.AnalyzerFor(new DreamModel("claude-sonnet-4-5"))!.AnalyzeAsync(Batches.Request(Batches.Reader(session), null, session), CancellationToken.None),
            time));

        Assert.Equal(2, stub.Requests.Count);
        Assert.Equal(529, failure.Last.Status);
        Assert.IsAssignableFrom<Anthropic.Exceptions.AnthropicApiException>(failure.Last.Cause);
    }

    [Fact]
    public async Task A_refused_request_is_not_retried()
    {
        var time = new FakeTimeProvider(Batches.Start);
        await using var stub = await MessagesApiStub.StartAsync(time);
        stub.Error(400, "invalid_request_error").EndTurn("late", inputTokens: 1, outputTokens: 1);
        using var clients = new ModelClients(new ModelClientOptions { AnthropicApiKey = "sk-ant-test", AnthropicBaseUrl = stub.BaseUrl }, time);
        var session = Batches.Builder();

        var failure = await Assert.ThrowsAsync<ModelProviderException>(() =>
            clients.AnalyzerFor(new DreamModel("claude-sonnet-4-5"))!.AnalyzeAsync(Batches.Request(Batches.Reader(session), null, session), CancellationToken.None));

        Assert.Single(stub.Requests);
        Assert.Equal(400, failure.Status);
    }

    private static string SystemText(JsonElement body) => body.GetProperty("system") switch
    {
        { ValueKind: JsonValueKind.String } text => text.GetString()!,
        var blocks => string.Join("\n", blocks.EnumerateArray().Select(b => b.GetProperty("text").GetString())),
    };

    private static JsonElement LastToolResult(JsonElement body) =>
        body.GetProperty("messages").EnumerateArray().Last().GetProperty("content").EnumerateArray().Last(b => b.GetProperty("type").GetString() == "tool_result");
}
