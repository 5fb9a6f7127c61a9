using System.Text.Json.Nodes;
using Engram.Dreaming.Dreams;
using Engram.Dreaming.Tests.Dreaming.Model;
using Engram.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Engram.Dreaming.Tests.Models;

/// <summary>The analyzer through the OpenAI-compatible client against a loopback stub of <c>POST /v1/chat/completions</c>.</summary>
public sealed class OpenAIWireTests
{
    [Fact]
    public async Task A_rate_limited_answer_is_classified_and_retried_once_by_our_pipeline_after_its_retry_after()
    {
        var time = new FakeTimeProvider(Batches.Start);
        var arrivals = new List<DateTimeOffset>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        app.MapPost("/v1/chat/completions", async (HttpContext context) =>
        {
            int arrival;
            lock (arrivals)
            {
                arrivals.Add(time.GetUtcNow());
                arrival = arrivals.Count;
            }

            context.Response.ContentType = "application/json";
            if (arrival == 1)
            {
                context.Response.StatusCode = 429;
                context.Response.Headers["retry-after-ms"] = "15000";
                await context.Response.WriteAsync("""{"error":{"message":"slow down","type":"rate_limit_exceeded","code":null,"param":null}}""");
                return;
            }

            await context.Response.WriteAsync(new JsonObject
            {
                ["id"] = "chatcmpl-1",
                ["object"] = "chat.completion",
                ["created"] = 1_790_000_000,
                ["model"] = "llama3.1",
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0,
                    ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = "Nothing to report." },
                    ["finish_reason"] = "stop",
                }),
                ["usage"] = new JsonObject { ["prompt_tokens"] = 800, ["completion_tokens"] = 6, ["total_tokens"] = 806 },
            }.ToJsonString());
        });
        await app.StartAsync();
        var baseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var clients = new ModelClients(new ModelClientOptions { OpenAIBaseUrl = $"{baseUrl}/v1" }, time);
        var session = Batches.Builder();

        var analysis = await ModelSessionAnalyzerRetryTests.DriveAsync(
            clients.AnalyzerFor(new DreamModel("llama3.1"))!.AnalyzeAsync(Batches.Request(Batches.Reader(session), null, session), CancellationToken.None),
            time, TimeSpan.FromSeconds(1));

        Assert.Equal(2, arrivals.Count);
        Assert.True(arrivals[1] - arrivals[0] >= TimeSpan.FromSeconds(15), "waited the retry-after-ms on our clock");
        Assert.Equal(new DreamUsage(800, 6, 0, 0), analysis.Usage);
        await app.StopAsync();
    }
}
