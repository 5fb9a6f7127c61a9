using System.Net;
using Engram.Diagnostics;
using Engram.Errors;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Engram.Server.Metrics;

/// <summary>
/// <c>/metrics</c>: OpenTelemetry metrics in Prometheus' text format. What is collected: ASP.NET Core's request
/// durations by route template and status (and Kestrel's connections), the .NET runtime's, the library's commits
/// (<see cref="EngramMetrics"/>), the server's workload gauges (<see cref="ServerMetrics"/>) and Npgsql's connection
/// pool on a PostgreSQL node. None of them carries a store, a path, content or a key: routes are templates, and
/// Npgsql's pool name (its connection string) is dropped.
/// </summary>
internal static class MetricsEndpoint
{
    /// <summary>Where the metrics are served.</summary>
    public const string Path = "/metrics";

    /// <summary>The meter Npgsql reports on (its pool's connections, waits and timeouts, and operation durations).</summary>
    private const string NpgsqlMeter = "Npgsql";

    /// <summary>The .NET runtime's own meter (GC, memory, thread pool, CPU).</summary>
    private const string RuntimeMeter = "System.Runtime";

    /// <summary>The attributes of Npgsql's instruments that are kept: the pool name (its connection string less the password), server address and database name are not.</summary>
    private static readonly string[] NpgsqlAttributes = ["db.client.connection.state", "db.system.name", "db.response.status_code", "error.type"];

    /// <summary>Collects the metrics and counts the workload, unless metrics are off.</summary>
    public static void AddEngramMetrics(this IServiceCollection services, ServerOptions options)
    {
        services.AddMetrics();
        services.AddSingleton<ServerMetrics>();
        if (options.Metrics == MetricsAccess.Off)
        {
            return;
        }

        services.AddHostedService<WorkloadSampling>();
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("engram", serviceVersion: typeof(MetricsEndpoint).Assembly.GetName().Version?.ToString()))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddMeter(EngramMetrics.MeterName, ServerMetrics.MeterName, RuntimeMeter, NpgsqlMeter)
                .AddView(instrument => instrument.Meter.Name == NpgsqlMeter ? new MetricStreamConfiguration { TagKeys = NpgsqlAttributes } : null)
                .AddPrometheusExporter());
    }

    /// <summary>Maps <see cref="Path"/> with the access <see cref="ServerOptions.Metrics"/> says.</summary>
    public static void Map(WebApplication app, ServerOptions options)
    {
        if (options.Metrics == MetricsAccess.Off)
        {
            return;
        }

        var endpoint = app.MapPrometheusScrapingEndpoint(Path, meterProvider: null, branch => branch.Use(Gate(options.Metrics)), optionsName: null);
        if (options.Metrics != MetricsAccess.Admin)
        {
            // Admin keys are checked by ApiKeyAuthentication, with its count of failed attempts; the others need no key.
            endpoint.AllowAnonymous();
        }
    }

    /// <summary>True when the request comes from this machine: a loopback address, not forwarded by a proxy.</summary>
    internal static bool IsLocal(HttpContext context)
    {
        if (context.Request.Headers.ContainsKey("Forwarded") || context.Request.Headers.ContainsKey("X-Forwarded-For"))
        {
            return false;
        }

        return context.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote);
    }

    private static Func<HttpContext, RequestDelegate, Task> Gate(MetricsAccess access) => (context, next) => access switch
    {
        MetricsAccess.Loopback when !IsLocal(context) => throw new PermissionDeniedException(
            "metrics are served only to clients on this machine (a loopback address, not through a proxy); see docs/OPERATIONS.md to open them"),
        MetricsAccess.Admin when context.CallerOrNull() is not { IsAdmin: true } => throw new PermissionDeniedException("metrics need an admin's API key"),
        _ => next(context),
    };
}
