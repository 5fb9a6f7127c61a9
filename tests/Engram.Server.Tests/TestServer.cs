using System.Collections.Concurrent;
using Anthropic;
using Engram.Access;
using Engram.Remote;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Engram.Server.Tests;

/// <summary>The real server on a loopback port over a fresh data directory (or database), with an admin key.</summary>
internal sealed class TestServer : IAsyncDisposable
{
    private readonly ServerEngine _engine;
    private readonly WebApplication _app;

    private TestServer(ServerEngine engine, WebApplication app, LogCapture logs)
    {
        _engine = engine;
        _app = app;
        Url = app.Urls.First();
        Logs = logs;
    }

    public EngramEngine Engine => _engine.Engine;

    public string Url { get; }

    public CreatedApiKey Admin => _engine.AdminKey;

    public string AdminUserId => _engine.AdminId;

    public LogCapture Logs { get; }

    /// <summary>The app's services, to look at what it was built with (its endpoints).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Starts a server on a fresh engine on <paramref name="backend"/> (a SQLite data directory unless named).</summary>
    public static async Task<TestServer> StartAsync(ServerOptions? options = null, ServerBackend backend = ServerBackend.Sqlite)
    {
        var engine = await ServerEngine.StartAsync(backend);
        var logs = new LogCapture();
        var app = EngramServer.Build(engine.Engine, (options ?? new ServerOptions()) with { Urls = ["http://127.0.0.1:0"] }, logging =>
        {
            logging.ClearProviders();
            logging.AddProvider(logs);
        });
        await app.StartAsync();
        return new TestServer(engine, app, logs);
    }

    /// <summary>The official SDK pointed at this server.</summary>
    public AnthropicClient Sdk(string? apiKey = null) => new() { BaseUrl = Url, ApiKey = apiKey ?? Admin.Secret, MaxRetries = 0 };

    /// <summary>Engram's remote client pointed at this server.</summary>
    public RemoteEngramClient Remote(string? apiKey = null) => new(Url, apiKey ?? Admin.Secret);

    /// <summary>A plain HTTP client with the admin key (or none).</summary>
    public HttpClient Http(string? apiKey = null, bool authenticated = true)
    {
        var http = new HttpClient { BaseAddress = new Uri(Url) };
        if (authenticated)
        {
            http.DefaultRequestHeaders.Add("x-api-key", apiKey ?? Admin.Secret);
        }

        return http;
    }

    /// <summary>A new principal of the given kind and role with a key.</summary>
    public async Task<(Principal Principal, CreatedApiKey Key)> NewPrincipalAsync(PrincipalKind kind, PrincipalRole role = PrincipalRole.Member, string name = "someone")
    {
        var caller = Caller.LocalOperator(AdminUserId);
        var principal = await Engine.Access.CreatePrincipalAsync(caller, new CreatePrincipalRequest(kind, name, role), CancellationToken.None);
        var key = await Engine.Access.CreateApiKeyAsync(caller, new CreateApiKeyRequest("test key", principal.Id), CancellationToken.None);
        return (principal, key);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _engine.DisposeAsync();
    }
}

/// <summary>Everything the server logged, to check that no secret or memory content ever lands there.</summary>
internal sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Text)> _entries = new();

    public IReadOnlyCollection<string> Lines => _entries.Select(e => e.Text).ToList();

    /// <summary>Every line with its level, to check what is logged above Debug.</summary>
    public IReadOnlyCollection<(LogLevel Level, string Text)> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            capture._entries.Enqueue((logLevel, $"{category} {logLevel} {formatter(state, exception)} {state} {exception}"));
    }
}
