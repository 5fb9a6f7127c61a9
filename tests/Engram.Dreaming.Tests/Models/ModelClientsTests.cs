using Engram.Dreaming.Dreams;
using Engram.Dreaming.Model;
using Engram.Models;
using Microsoft.Extensions.Time.Testing;

namespace Engram.Dreaming.Tests.Models;

public sealed class ModelClientsTests
{
    [Fact]
    public void With_nothing_configured_there_is_no_analyzer_so_dreams_fall_back_to_rules()
    {
        using var clients = new ModelClients(ModelClientOptions.FromEnvironment(_ => null), new FakeTimeProvider());

        Assert.False(clients.IsConfigured);
        Assert.Null(clients.AnalyzerFor(new DreamModel("claude-sonnet-4-5")));
        Assert.Equal("no model provider configured", clients.Description);
    }

    [Fact]
    public void The_environment_configures_both_providers_and_no_key_is_ever_printed()
    {
        var environment = new Dictionary<string, string>
        {
            ["ANTHROPIC_API_KEY"] = "sk-ant-secret-value",
            ["ANTHROPIC_BASE_URL"] = "http://127.0.0.1:9/",
            ["OPENAI_API_KEY"] = "sk-openai-secret-value",
            ["OPENAI_BASE_URL"] = "http://127.0.0.1:11434/v1",
        };

        var options = ModelClientOptions.FromEnvironment(name => environment.GetValueOrDefault(name));
        using var clients = new ModelClients(options, new FakeTimeProvider());

        Assert.True(options.HasAnthropic && options.HasOpenAI);
        Assert.Equal("anthropic (http://127.0.0.1:9/), openai-compatible (http://127.0.0.1:11434/v1)", clients.Description);
        Assert.DoesNotContain("secret", options.ToString(), StringComparison.Ordinal);
        Assert.IsType<ModelSessionAnalyzer>(clients.AnalyzerFor(new DreamModel("claude-haiku-4-5")));
        Assert.Same(clients.AnalyzerFor(new DreamModel("llama3.1")), clients.AnalyzerFor(new DreamModel("llama3.1")));
    }

    [Fact]
    public void A_local_openai_compatible_server_needs_no_key_and_serves_every_model_when_alone()
    {
        using var clients = new ModelClients(new ModelClientOptions { OpenAIBaseUrl = "http://127.0.0.1:11434/v1" }, new FakeTimeProvider());

        Assert.True(clients.IsConfigured);
        Assert.NotNull(clients.AnalyzerFor(new DreamModel("claude-sonnet-4-5")));
        Assert.Equal("llama3.1", ((ModelSessionAnalyzer)clients.AnalyzerFor(new DreamModel("llama3.1"))!).ModelId);
    }

    [Theory]
    [InlineData("retry-after-ms", "1500", 1_500)]
    [InlineData("retry-after", "7", 7_000)]
    [InlineData("retry-after", "Mon, 02 Nov 2026 09:00:30 GMT", 30_000)]
    public void A_retry_after_header_is_read_in_each_of_its_forms(string header, string value, int expectedMilliseconds)
    {
        using var response = new HttpResponseMessage(System.Net.HttpStatusCode.TooManyRequests);
        response.Headers.TryAddWithoutValidation(header, value);

        var wait = RetryAfterCapture.Parse(response.Headers, new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), wait);
    }
}
