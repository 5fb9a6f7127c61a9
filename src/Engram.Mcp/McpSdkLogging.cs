using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Engram.Mcp;

/// <summary>
/// Puts the MCP SDK's own log events at the level they deserve, for the HTTP server and <c>engram mcp</c> over stdio:
/// <list type="bullet">
/// <item>Each resource read is logged with its URI, <c>engram://STORE/PATH</c>, which holds a memory path: at
/// Information when the read completes and at Error when it fails. Memory paths are logged at Debug at most.</item>
/// <item>A request the caller got wrong (invalid params, -32602: an argument missing, a URI naming no memory) is
/// logged at Error and again at Warning with a stack trace, as if the server had failed. It is the client's mistake,
/// answered as such, so it is logged at Debug.</item>
/// </list>
/// Everything else passes through as it was logged.
/// </summary>
public sealed class McpSdkLogging(ILoggerFactory inner) : ILoggerFactory
{
    private const string SdkCategories = "ModelContextProtocol";

    private const string UriField = "ResourceUri";

    private const string InnerKey = "engram-mcp-sdk-logging-inner";

    /// <summary>
    /// Puts this factory in front of the one logging registered (call it after logging is set up), for every logger
    /// resolved from <paramref name="services"/>. The factory it wraps stays the container's, which disposes it.
    /// </summary>
    public static void Install(IServiceCollection services)
    {
        var original = services.LastOrDefault(d => d.ServiceType == typeof(ILoggerFactory) && !d.IsKeyedService)
            ?? throw new InvalidOperationException("logging must be registered before the resource URI filter");
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(provider => new McpSdkLogging(provider.GetRequiredKeyedService<ILoggerFactory>(InnerKey))));
        services.Add(original switch
        {
            { ImplementationType: { } type } => ServiceDescriptor.KeyedSingleton(typeof(ILoggerFactory), InnerKey, type),
            { ImplementationFactory: { } factory } => ServiceDescriptor.KeyedSingleton<ILoggerFactory>(InnerKey, (provider, _) => (ILoggerFactory)factory(provider)),
            _ => ServiceDescriptor.KeyedSingleton(typeof(ILoggerFactory), InnerKey, original.ImplementationInstance!),
        });
    }

    public ILogger CreateLogger(string categoryName) =>
        categoryName.StartsWith(SdkCategories, StringComparison.Ordinal) ? new Demoting(inner.CreateLogger(categoryName)) : inner.CreateLogger(categoryName);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose()
    {
        // The container built the inner factory and disposes it.
    }

    private sealed class Demoting(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var level = logLevel > LogLevel.Debug && (IsCallersMistake(exception) || (state is IReadOnlyList<KeyValuePair<string, object?>> fields && fields.Any(f => f.Key == UriField)))
                ? LogLevel.Debug
                : logLevel;
            if (inner.IsEnabled(level))
            {
                inner.Log(level, eventId, state, exception, formatter);
            }
        }

        private static bool IsCallersMistake(Exception? exception) =>
            exception is ModelContextProtocol.McpProtocolException { ErrorCode: ModelContextProtocol.McpErrorCode.InvalidParams }
            || exception?.InnerException is ModelContextProtocol.McpProtocolException { ErrorCode: ModelContextProtocol.McpErrorCode.InvalidParams };
    }
}
