using System.CommandLine;
using System.Text.RegularExpressions;
using Engram.Errors;
using Engram.Server;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Engram.Cli.Commands;

internal static partial class ServeCommand
{
    /// <summary>
    /// The options every other command takes that mean nothing to a server of a data directory or database: refused when given.
    /// (Its help still lists them: they are recursive options of the root, and System.CommandLine keeps per-command help layouts internal.)
    /// </summary>
    private static readonly (Option Option, string Why)[] NotForServe =
    [
        (GlobalOptions.Server, "serve runs on a local data directory or a PostgreSQL database (--postgres); drop --server"),
        (GlobalOptions.ApiKey, "serve checks the keys its clients send and acts as no one; drop --api-key"),
        (GlobalOptions.Store, "serve serves every store of the data directory or database (an MCP client picks one with ?store= on /mcp); drop --store"),
    ];

    public static Command Build()
    {
        var urls = new Option<string[]>("--urls") { Description = "Where to listen (default: http://127.0.0.1:8420)", AllowMultipleArgumentsPerToken = true };
        var rate = new Option<int>("--rate-limit") { Description = "Requests per second per principal (all its API keys together) or agent session (0: no limit)", DefaultValueFactory = _ => new ServerOptions().RateLimitPerSecond };
        var lease = new Option<int>("--dream-lease")
        {
            Description = $"Seconds a node's claim on the dream it runs lasts unless renewed: a node that dies leaves its dream to another node after this (1 to {MaxDreamLeaseSeconds})",
            DefaultValueFactory = _ => (int)new ServerOptions().DreamLease.TotalSeconds,
        };
        return new Command("serve", "Serve the data directory (or the PostgreSQL database of --postgres) over HTTP: the compatible Memory Stores API and Engram's extensions").With(urls, rate, lease).Handle(async (run, ct) =>
        {
            foreach (var (option, why) in NotForServe)
            {
                if (run.Parse.GetResult(option) is { Implicit: false } || (option == GlobalOptions.Server && run.ServerUrl is not null))
                {
                    throw new InvalidRequestException(option == GlobalOptions.Server && run.Parse.GetResult(option) is null ? "$ENGRAM_SERVER" : option.Name, why);
                }
            }

            var leaseSeconds = run.Parse.GetValue(lease);
            if (leaseSeconds is < 1 or > MaxDreamLeaseSeconds)
            {
                throw new InvalidRequestException("--dream-lease", $"must be a whole number of seconds from 1 to {MaxDreamLeaseSeconds} (got {leaseSeconds})");
            }

            // A database's schema is brought up to date first (under its advisory lock: nodes starting together apply it once).
            var backend = run.Backend();
            var opened = await backend.OpenAsync(migrate: true, ct);
            var defaults = new ServerOptions();
            var given = run.Parse.GetValue(urls);
            var limit = run.Parse.GetValue(rate);
            var options = defaults with
            {
                Urls = given is { Length: > 0 } ? given : defaults.Urls,
                RateLimitPerSecond = limit,
                RateLimitBurst = Math.Max(limit * 2, 1),
                DreamLease = TimeSpan.FromSeconds(leaseSeconds),
            };

            // The engine outlives the app: requests in flight finish, then queued writes commit, then the database closes.
            using var models = Models.ModelClients.FromEnvironment(TimeProvider.System);
            await using var engine = new EngramEngine(opened.Storage, embedder: CliRun.SearchEmbedder(), dreams: CliRun.DreamOptions(models));

            // Until it listens, a failure to start is this command's to report, in one line: the host's own log of it is a stack trace.
            var listening = false;
            await using var app = EngramServer.Build(engine, options, logging => logging.AddFilter((_, category, _) => listening || category != HostCategory));
            try
            {
                await app.StartAsync(ct);
            }
            catch (IOException failure) when (failure.InnerException is AddressInUseException)
            {
                Console.Error.WriteLine($"engram: {AddressOf(failure, options.Urls)} is already in use; is another engram serve running? Pick another address with --urls (e.g. --urls http://127.0.0.1:8421)");
                return ExitCodes.Unavailable;
            }
            catch (IOException failure)
            {
                Console.Error.WriteLine($"engram: cannot listen on {string.Join(", ", options.Urls)}: {failure.InnerException?.Message ?? failure.Message}");
                return ExitCodes.Unavailable;
            }

            listening = true;
            if (opened.MigrationsApplied > 0)
            {
                Console.Error.WriteLine($"engram: migrated {backend.Description} to schema version {Postgres.PostgresDatabase.SchemaVersion}");
            }

            Console.Error.WriteLine($"engram: serving {backend.Description} on {string.Join(", ", options.Urls)} (Ctrl-C to stop)");
            Console.Error.WriteLine($"engram: dreams run here with {(models.IsConfigured ? models.Description : "the rule-based analyzers (no model provider configured)")}");
            await app.WaitForShutdownAsync(ct);
            return ExitCodes.Ok;
        });
    }

    /// <summary>The longest <c>--dream-lease</c>: an hour. A dead node's dream waits out the lease, and a longer one is likelier a unit mistake than a wish.</summary>
    private const int MaxDreamLeaseSeconds = 3600;

    /// <summary>The host's logger category: what it logs about a failed start, the command says itself.</summary>
    private const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";

    /// <summary>The host and port Kestrel could not bind (from its message, which names the URL), else every URL it was given.</summary>
    private static string AddressOf(IOException failure, IReadOnlyList<string> urls) =>
        BindFailure().Match(failure.Message) is { Success: true } match && Uri.TryCreate(match.Groups[1].Value, UriKind.Absolute, out var uri)
            ? $"{uri.Host}:{uri.Port}"
            : string.Join(", ", urls);

    [GeneratedRegex(@"bind to address (\S+?):? ")]
    private static partial Regex BindFailure();
}
