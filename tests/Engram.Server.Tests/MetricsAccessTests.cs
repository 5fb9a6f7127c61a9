using System.Net;
using System.Text.Json;
using Engram.Access;
using Engram.Server.Metrics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace Engram.Server.Tests;

/// <summary>Who may read <c>/metrics</c> under each <see cref="MetricsAccess"/>.</summary>
[Collection(nameof(MetricsCollection))]
public sealed class MetricsAccessTests
{
    [Fact]
    public async Task By_default_clients_on_this_machine_read_metrics_without_a_key_and_forwarded_requests_are_refused()
    {
        await using var server = await TestServer.StartAsync();
        using var open = server.Http(authenticated: false);

        using var local = await open.GetAsync(MetricsEndpoint.Path);
        Assert.Equal(HttpStatusCode.OK, local.StatusCode);

        foreach (var (header, value) in new[] { ("X-Forwarded-For", "203.0.113.7"), ("Forwarded", "for=203.0.113.7") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, MetricsEndpoint.Path);
            request.Headers.Add(header, value);
            using var proxied = await open.SendAsync(request);
            Assert.Equal(HttpStatusCode.Forbidden, proxied.StatusCode);
            Assert.Equal("permission_error", await ErrorTypeAsync(proxied));
        }
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.8.9.10", true)]
    [InlineData("::1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("10.0.0.5", false)]
    [InlineData("192.168.1.20", false)]
    [InlineData("::ffff:10.0.0.5", false)]
    [InlineData("fe80::1", false)]
    [InlineData(null, false)]
    public void Only_loopback_addresses_are_local(string? address, bool local)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = address is null ? null : IPAddress.Parse(address);
        Assert.Equal(local, MetricsEndpoint.IsLocal(context));
    }

    [Fact]
    public async Task Admin_access_needs_an_admins_key()
    {
        await using var server = await TestServer.StartAsync(new ServerOptions { Metrics = MetricsAccess.Admin, RateLimitPerSecond = 0 });
        var (_, member) = await server.NewPrincipalAsync(PrincipalKind.User);

        using (var none = await server.Http(authenticated: false).GetAsync(MetricsEndpoint.Path))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        }

        using (var byMember = await server.Http(member.Secret).GetAsync(MetricsEndpoint.Path))
        {
            Assert.Equal(HttpStatusCode.Forbidden, byMember.StatusCode);
        }

        using var byAdmin = await server.Http().GetAsync(MetricsEndpoint.Path);
        Assert.Equal(HttpStatusCode.OK, byAdmin.StatusCode);
        Assert.Contains("http_server_request_duration_seconds", await byAdmin.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anyone_access_serves_forwarded_requests_without_a_key()
    {
        await using var server = await TestServer.StartAsync(new ServerOptions { Metrics = MetricsAccess.Anyone });
        using var request = new HttpRequestMessage(HttpMethod.Get, MetricsEndpoint.Path);
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");

        using var response = await server.Http(authenticated: false).SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Off_serves_no_metrics_and_collects_none()
    {
        await using var server = await TestServer.StartAsync(new ServerOptions { Metrics = MetricsAccess.Off });

        using (var none = await server.Http(authenticated: false).GetAsync(MetricsEndpoint.Path))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        }

        using (var byAdmin = await server.Http().GetAsync(MetricsEndpoint.Path))
        {
            Assert.Equal(HttpStatusCode.NotFound, byAdmin.StatusCode);
        }

        Assert.Null(server.Services.GetService<MeterProvider>());
    }

    private static async Task<string?> ErrorTypeAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("type").GetString();
}
