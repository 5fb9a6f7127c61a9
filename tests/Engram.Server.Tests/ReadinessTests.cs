using System.Diagnostics;
using System.Net;
using System.Reflection;
using System.Runtime.ExceptionServices;
using Engram.Conformance;
using Engram.Memories;
using Engram.Sqlite;
using Engram.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Engram.Server.Tests;

/// <summary>
/// <c>/readyz</c> says whether the database answers: 200 while it does, 503 when it fails, and 503 within the readiness
/// timeout when it does not answer at all, however long the read would hang. The database is a real SQLite one behind
/// a wrapper that makes it fail or hang the way an unreachable server would.
/// </summary>
public sealed class ReadinessTests
{
    [Fact]
    public async Task Ready_while_the_database_answers()
    {
        await using var server = await WrappedServer.StartAsync(Database.Answers);

        using var response = await server.Http.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"ready\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unavailable_when_every_read_and_write_fails()
    {
        await using var server = await WrappedServer.StartAsync(Database.Fails);

        using var response = await server.Http.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("\"unavailable\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var health = await server.Http.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode); // the process is up all the same
    }

    [Fact]
    public async Task Unavailable_after_the_readiness_timeout_when_the_database_never_answers()
    {
        await using var server = await WrappedServer.StartAsync(Database.Hangs, TimeSpan.FromMilliseconds(300));

        var started = Stopwatch.GetTimestamp();
        using var response = await server.Http.GetAsync("/readyz"); // the client gives up after 30 s: a hang fails the test, it does not stall it

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(Stopwatch.GetElapsedTime(started) >= TimeSpan.FromMilliseconds(300), "it waited for the database first");
    }

    internal enum Database
    {
        Answers,
        Fails,
        Hangs,
    }

    /// <summary>The server over a real SQLite database seen through <see cref="WrappedStorage"/>.</summary>
    private sealed class WrappedServer : IAsyncDisposable
    {
        private readonly TemporaryDirectory _directory;
        private readonly EngramEngine _engine;
        private readonly WebApplication _app;

        private WrappedServer(TemporaryDirectory directory, EngramEngine engine, WebApplication app)
        {
            _directory = directory;
            _engine = engine;
            _app = app;
            Http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(30) };
        }

        public HttpClient Http { get; }

        public static async Task<WrappedServer> StartAsync(Database database, TimeSpan? readinessTimeout = null)
        {
            var directory = new TemporaryDirectory();
            var storage = WrappedStorage.Create(SqliteMemoryStorage.Open(new SqliteStorageOptions(Path.Combine(directory.Path, "engram.db"))), database);
            var engine = new EngramEngine(storage);
            var options = new ServerOptions { Urls = ["http://127.0.0.1:0"], RunDreams = false, ReadinessTimeout = readinessTimeout ?? new ServerOptions().ReadinessTimeout };
            var app = EngramServer.Build(engine, options, logging => logging.ClearProviders());
            await app.StartAsync();
            return new WrappedServer(directory, engine, app);
        }

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await _app.StopAsync();
            await _app.DisposeAsync();
            await _engine.DisposeAsync();
            _directory.Dispose();
        }
    }

    /// <summary>
    /// Every port of a real storage, passed through unless the database is down: then every read and write fails as a
    /// lost connection does, or (hanging) the readiness probe's read never completes and ignores cancellation.
    /// Disposing always reaches the real storage.
    /// </summary>
    public class WrappedStorage : DispatchProxy
    {
        private IEngramStorage _inner = null!;
        private Database _database;

        internal static IEngramStorage Create(IEngramStorage inner, Database database)
        {
            var proxy = Create<IEngramStorage, WrappedStorage>();
            var wrapper = (WrappedStorage)(object)proxy;
            wrapper._inner = inner;
            wrapper._database = database;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
            var returns = targetMethod.ReturnType;
            if (_database == Database.Fails && returns.IsGenericType && returns.GetGenericTypeDefinition() == typeof(Task<>))
            {
                var failed = typeof(Task).GetMethods().Single(m => m.Name == nameof(Task.FromException) && m.IsGenericMethod).MakeGenericMethod(returns.GetGenericArguments()[0]);
                return failed.Invoke(null, [new IOException("connection refused (the test's database is down)")]);
            }

            if (_database == Database.Hangs && targetMethod.Name == nameof(IMemoryStorage.GetStoreAsync))
            {
                return new TaskCompletionSource<MemoryStore?>().Task;
            }

            try
            {
                return targetMethod.Invoke(_inner, args);
            }
            catch (TargetInvocationException error) when (error.InnerException is not null)
            {
                ExceptionDispatchInfo.Throw(error.InnerException);
                throw;
            }
        }
    }
}
