using Engram.Errors;
using Engram.Mcp;
using Engram.Server.Endpoints;
using Engram.Server.Http;
using Engram.Server.Metrics;
using Engram.Web;
using Engram.Wire;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Engram.Server;

/// <summary>
/// Builds the HTTP server over an <see cref="EngramEngine"/>: the compatible Memory Stores API under
/// <c>/v1</c>, Engram's extensions, health checks, metrics, the OpenAPI document and the review UI under <c>/ui/</c>. The caller owns the engine
/// and disposes it after the app has stopped, so writes in flight at shutdown complete first.
/// </summary>
public static class EngramServer
{
    /// <summary>Where the OpenAPI document is served.</summary>
    public const string OpenApiPath = "/openapi.json";

    /// <summary>Builds the app; run it with <c>RunAsync</c> or <c>StartAsync</c>.</summary>
    public static WebApplication Build(EngramEngine engine, ServerOptions options, Action<ILoggingBuilder>? logging = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "Engram" });
        builder.WebHost.UseUrls([.. options.Urls]);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout);
        builder.Services.Configure<Microsoft.AspNetCore.Http.Json.JsonOptions>(json =>
        {
            WireJson.Configure(json.SerializerOptions);

            // ASP.NET Core's web defaults bind "NAME" to name: one body could then say a field twice. The wire is snake_case, exactly.
            json.SerializerOptions.PropertyNameCaseInsensitive = false;
        });
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(route => route.ThrowOnBadRequest = true);
        builder.Services.AddSingleton(engine.Access);
        builder.Services.AddSingleton(engine);
        builder.Services.AddHostedService<IndexingWorker>();
        if (options.RunDreams)
        {
            builder.Services.AddHostedService<DreamWorkerService>();
        }

        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<Engram.Mcp.IEngramMcpContext, HttpMcpContext>();
        builder.Services
            .AddMcpServer(server => server.ServerInfo = new() { Name = Engram.Mcp.EngramMcpServer.Name, Version = typeof(EngramServer).Assembly.GetName().Version?.ToString() ?? "0" })
            .WithHttpTransport(http => http.Stateless = true) // each request carries its own key: nothing to keep between them
            .WithEngram();
        builder.Services.AddOpenApi(openApi => openApi.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Engram";
            document.Info.Description =
                "The hosted Memory Stores API (memory_stores, memories, memory_versions), so the official Anthropic SDKs are clients, " +
                "plus Engram's extensions: reason on writes, ETag/If-Match, memory by path, revert, principals and API keys.";
            return Task.CompletedTask;
        }));
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<FailedAuthentications>();
        builder.Services.AddSingleton<IFailedSignIns>(services => services.GetRequiredService<FailedAuthentications>());
        builder.Services.AddEngramUi(engine);
        builder.Services.AddPrincipalRateLimits(options);
        builder.Services.AddEngramMetrics(options);

        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(console => console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ");
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        logging?.Invoke(builder.Logging);
        McpSdkLogging.Install(builder.Services);

        var app = builder.Build();
        app.UseMiddleware<RequestLog>();
        app.UseMiddleware<ErrorResponses>();
        app.UseRouting();
        app.UseMiddleware<ApiKeyAuthentication>();
        app.Use(SessionEndpoints.ApplyBodyLimitAsync);
        if (options.RateLimitPerSecond > 0)
        {
            app.UseRateLimiter();
        }

        app.UseMiddleware<JsonBodies>();

        app.MapOpenApi(OpenApiPath).AllowAnonymous();
        HealthEndpoints.Map(app, engine, options);
        MetricsEndpoint.Map(app, options);
        StoreEndpoints.Map(app, engine.Memories);
        MemoryEndpoints.Map(app, engine.Memories);
        BatchEndpoints.Map(app, engine.Memories);
        VersionEndpoints.Map(app, engine.Memories);
        AccessEndpoints.Map(app, engine.Access);
        GovernanceEndpoints.Map(app, engine.Access, engine.Review, engine.Audit);
        SearchEndpoints.Map(app, engine.Search, engine.Context);
        SessionEndpoints.Map(app, engine);
        MemoryToolEndpoints.Map(app, engine);
        DreamEndpoints.Map(app, engine.Dreams);
        McpEndpoints.Map(app);
        app.MapEngramUi();
        app.MapFallback((HttpContext http) =>
            throw new NotFoundException("route", $"{http.Request.Method} {http.Request.Path}"));
        return app;
    }
}
