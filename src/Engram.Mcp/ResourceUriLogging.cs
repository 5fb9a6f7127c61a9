using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Engram.Mcp;

/// <summary>
/// The MCP SDK logs each resource read with its URI, <c>engram://STORE/PATH</c>, which holds a memory path: at
/// Information when the read completes and at Error when it fails (a memory that is not there included).
/// Memory paths are logged at Debug at most, so this logger factory writes the SDK's events that carry a
/// <c>ResourceUri</c> at Debug; everything else passes through as it was logged. The HTTP server and
/// <c>engram mcp</c> over stdio both install it.
/// </summary>
public sealed class ResourceUriLogging(ILoggerFactory inner) : ILoggerFactory
{
    private const string SdkCategories = "ModelContextProtocol";

    private const string UriField = "ResourceUri";

    private const string InnerKey = "engram-resource-uri-logging-inner";

    /// <summary>
    /// Puts this factory in front of the one logging registered (call it after logging is set up), for every logger
    /// resolved from <paramref name="services"/>. The factory it wraps stays the container's, which disposes it.
    /// </summary>
    public static void Install(IServiceCollection services)
    {
        var original = services.LastOrDefault(d => d.ServiceType == typeof(ILoggerFactory) && !d.IsKeyedService)
            ?? throw new InvalidOperationException("logging must be registered before the resource URI filter");
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(provider => new ResourceUriLogging(provider.GetRequiredKeyedService<ILoggerFactory>(InnerKey))));
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
            var level = logLevel > LogLevel.Debug && state is IReadOnlyList<KeyValuePair<string, object?>> fields && fields.Any(f => f.Key == UriField)
                ? LogLevel.Debug
                : logLevel;
            if (inner.IsEnabled(level))
            {
                inner.Log(level, eventId, state, exception, formatter);
            }
        }
    }
}
