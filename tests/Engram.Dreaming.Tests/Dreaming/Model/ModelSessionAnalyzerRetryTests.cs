using Engram.Dreaming.Model;
using Engram.Errors;
using Microsoft.Extensions.Time.Testing;

namespace Engram.Dreaming.Tests.Dreaming.Model;

public sealed class ModelSessionAnalyzerRetryTests
{
    [Fact]
    public async Task Rate_limited_then_overloaded_then_answered_gives_one_analysis_on_the_fake_clock()
    {
        var session = Batches.Builder();
        var time = new FakeTimeProvider(Batches.Start);
        var client = new ScriptedChatClient()
            .Fail(new ModelProviderException(429, null, "rate limited"))
            .Fail(new ModelProviderException(529, null, "overloaded"))
            .Done(inputTokens: 70, outputTokens: 7);
        var analyzer = Batches.Analyzer(client, time: time);

        var analysis = await DriveAsync(analyzer.AnalyzeAsync(Batches.Request(Batches.Reader(session), null, session), CancellationToken.None), time);

        Assert.Equal(3, client.Requests.Count);
        Assert.Equal(70, analysis.Usage.InputTokens);
        Assert.True(time.GetUtcNow() > Batches.Start, "the backoff waited on the injected clock");
    }

    [Fact]
    public async Task A_retry_after_is_honoured_before_the_next_attempt()
    {
        var session = Batches.Builder();
        var time = new FakeTimeProvider(Batches.Start);
        var client = new ScriptedChatClient(time)
            .Fail(new ModelProviderException(429, TimeSpan.FromSeconds(30), "rate limited"))
            .Done();
        var analyzer = Batches.Analyzer(client, new ModelAnalyzerOptions { Retry = new() { BaseDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(10) } }, time);

        await DriveAsync(analyzer.AnalyzeAsync(Batches.Request(Batches.Reader(session), null, session), CancellationToken.None), time, TimeSpan.FromSeconds(1));

        Assert.Equal(2, client.Requests.Count);
        Assert.True(client.RequestTimes[1] - client.RequestTimes[0] >= TimeSpan.FromSeconds(30), $"retried after {client.RequestTimes[1] - client.RequestTimes[0]}, not the 30 s asked for");
    }

    [Fact]
    public async Task Giving_up_after_the_last_attempt_names_the_status_and_the_attempts()
    {
        var session = Batches.Builder();
        var time = new FakeTimeProvider(Batches.Start);
        var client = new ScriptedChatClient();
        for (var i = 0; i < 3; i++)
        {
            client.Fail(new ModelProviderException(529, null, "Overloaded"));
        }

        var analyzer = Batches.Analyzer(client, new ModelAnalyzerOptions { Retry = new() { MaxAttempts = 3 } }, time);

        var failure = await Assert.ThrowsAsync<ModelUnavailableException>(() =>
            DriveAsync(analyzer.AnalyzeAsync(Batches.Request(Batches.Reader(session), null, session), CancellationToken.None), time));

        Assert.Equal(3, client.Requests.Count);
        Assert.Equal(3, failure.Attempts);
        Assert.Equal(529, failure.Last.Status);
        Assert.Equal("overloaded_error", failure.Code);
        Assert.Contains("529 (overloaded_error) to all 3 attempts", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_the_provider_refuses_is_not_retried()
    {
        var session = Batches.Builder();
        var client = new ScriptedChatClient().Fail(new ModelProviderException(400, null, "max_tokens: too large")).Done();

        var failure = await Assert.ThrowsAsync<ModelProviderException>(() =>
            Batches.Analyzer(client).AnalyzeAsync(Batches.Request(Batches.Reader(session), null, session), CancellationToken.None));

        Assert.Single(client.Requests);
        Assert.Equal(ErrorType.InvalidRequest, failure.Type);
    }

    [Fact]
    public async Task A_server_error_from_a_plain_http_client_is_retried_too()
    {
        var session = Batches.Builder();
        var time = new FakeTimeProvider(Batches.Start);
        var client = new ScriptedChatClient()
            .Fail(new HttpRequestException("bad gateway", null, System.Net.HttpStatusCode.BadGateway))
            .Done();

        await DriveAsync(Batches.Analyzer(client, time: time).AnalyzeAsync(Batches.Request(Batches.Reader(session), null, session), CancellationToken.None), time);

        Assert.Equal(2, client.Requests.Count);
    }

    /// <summary>Moves the fake clock on until <paramref name="task"/> ends, so backoff never sleeps for real.</summary>
    internal static async Task<T> DriveAsync<T>(Task<T> task, FakeTimeProvider time, TimeSpan? step = null)
    {
        for (var steps = 0; steps < 10_000 && !task.IsCompleted; steps++)
        {
            time.Advance(step ?? TimeSpan.FromSeconds(10));
            await Task.WhenAny(task, Task.Delay(1));
        }

        return await task;
    }
}
