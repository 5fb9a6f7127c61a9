using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Engram.Server.Tests;

/// <summary>
/// Authentication at the edge: every request is authenticated except the few routes that are open by
/// name (health checks, the OpenAPI document, and the metrics, which check who asks themselves), however the path is spelled.
/// </summary>
public sealed class EdgeAuthenticationTests : IAsyncLifetime
{
    private const string Initialize =
        """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"probe","version":"1"}}}""";

    private const string ToolsList = """{"jsonrpc":"2.0","id":2,"method":"tools/list"}""";

    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(new ServerOptions { RateLimitPerSecond = 0 });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("/MCP")]
    [InlineData("/Mcp/")]
    [InlineData("/mcp")]
    [InlineData("/%6dcp")]
    [InlineData("/v1/../MCP")]
    public async Task Mcp_without_a_key_is_refused_however_the_path_is_spelled(string path)
    {
        foreach (var body in new[] { Initialize, ToolsList })
        {
            var (status, text) = await RawAsync("POST", path, body, "content-type: application/json\r\naccept: application/json, text/event-stream\r\n");
            Assert.True(status == 401, $"POST {path} {body[..40]}: {status} {text}");
            Assert.DoesNotContain("tools", text, StringComparison.Ordinal);
            Assert.Equal("authentication_error", ErrorType(text));
        }
    }

    [Theory]
    [InlineData("/V1/memory_stores")]
    [InlineData("/v1/MEMORY_STORES")]
    [InlineData("/V1/Memory_Stores/")]
    [InlineData("/%761/memory_stores")]
    [InlineData("/v1/./memory_stores")]
    [InlineData("/x/../V1/memory_stores")]
    [InlineData("//v1/memory_stores")]
    [InlineData("/v1/nothing/here")]
    [InlineData("/v1/x.json")]
    [InlineData("/uix")]
    [InlineData("/favicon.ico/x")]
    public async Task The_api_without_a_key_is_a_401_never_a_500_however_the_path_is_spelled(string path)
    {
        var (status, text) = await RawAsync("GET", path, null, "");

        Assert.True(status == 401, $"GET {path}: {status} {text}");
        Assert.Equal("authentication_error", ErrorType(text));
        Assert.DoesNotContain(" at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/HEALTHZ")]
    [InlineData("/readyz")]
    [InlineData("/openapi.json")]
    [InlineData("/metrics")]
    public async Task Only_the_allowlisted_routes_answer_without_a_key(string path)
    {
        var (status, text) = await RawAsync("GET", path, null, "");
        Assert.True(status == 200, $"GET {path}: {status} {text}");
    }

    [Fact]
    public void The_allowlist_is_exactly_the_health_checks_the_metrics_and_the_openapi_document()
    {
        var open = _server.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            .Select(e => (e as RouteEndpoint)?.RoutePattern.RawText)
            .Order(StringComparer.Ordinal);

        Assert.Equal(["/healthz", "/metrics", "/openapi.json", "/readyz"], open);
    }

    [Fact]
    public void Endpoints_the_key_check_lets_through_for_the_review_ui_are_its_pages_its_assets_the_favicon_and_the_root_redirect()
    {
        var ui = _server.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Where(e => e.Metadata.GetMetadata<Engram.Web.UiEndpoint>() is not null)
            .Select(e => (e as RouteEndpoint)?.RoutePattern.RawText ?? "")
            .ToList();

        Assert.Contains("/", ui);
        Assert.Contains("/favicon.ico", ui);
        Assert.All(ui.Where(p => p is not "/" and not "/favicon.ico"), p => Assert.StartsWith(p.StartsWith('/') ? "/ui" : "ui", p, StringComparison.Ordinal));
        Assert.DoesNotContain(ui, p => p.Contains("v1", StringComparison.OrdinalIgnoreCase) || p.Contains("mcp", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("/", "/ui/")]
    [InlineData("/ui/proposals", "/ui/sign-in?return=%2Fui%2Fproposals")]
    [InlineData("/UI/proposals", "/ui/sign-in?return=%2Fui%2Fproposals")]
    public async Task Without_a_key_the_root_and_ui_pages_redirect_to_the_ui_and_its_sign_in(string path, string location)
    {
        var (status, text) = await RawAsync("GET", path, null, "");

        Assert.True(status == 302, $"GET {path}: {status} {text}");
        Assert.DoesNotContain("v1", text, StringComparison.Ordinal);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(_server.Url) };
        using var response = await http.GetAsync(path);
        Assert.Equal(location, response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_differently_cased_path_with_a_key_acts_as_that_key()
    {
        using var http = _server.Http();
        using var created = await http.PostAsJsonAsync("/V1/MEMORY_STORES", new { name = "cased" });
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal(1, (await http.GetFromJsonAsync<JsonElement>("/v1/memory_stores")).GetProperty("data").GetArrayLength());
    }

    private static string? ErrorType(string body)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("error").GetProperty("type").GetString();
    }

    /// <summary>Sends the request line exactly as given (HttpClient would normalise the path first) and returns the status and body.</summary>
    private async Task<(int Status, string Body)> RawAsync(string method, string path, string? body, string headers)
    {
        var uri = new Uri(_server.Url);
        using var client = new TcpClient();
        await client.ConnectAsync(uri.Host, uri.Port);
        await using var stream = client.GetStream();
        var bytes = body is null ? [] : Encoding.UTF8.GetBytes(body);
        var head = $"{method} {path} HTTP/1.1\r\nHost: {uri.Authority}\r\nConnection: close\r\n{headers}content-length: {bytes.Length}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(bytes);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync();
        var status = int.Parse(response.AsSpan(9, 3), provider: System.Globalization.CultureInfo.InvariantCulture);
        var split = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var text = split < 0 ? "" : response[(split + 4)..];
        if (response.Contains("transfer-encoding: chunked", StringComparison.OrdinalIgnoreCase))
        {
            text = Unchunk(text);
        }

        return (status, text);
    }

    private static string Unchunk(string chunked)
    {
        var result = new StringBuilder();
        var at = 0;
        while (at < chunked.Length)
        {
            var end = chunked.IndexOf("\r\n", at, StringComparison.Ordinal);
            var size = Convert.ToInt32(chunked[at..end], 16);
            if (size == 0)
            {
                break;
            }

            result.Append(chunked, end + 2, size);
            at = end + 2 + size + 2;
        }

        return result.ToString();
    }
}
