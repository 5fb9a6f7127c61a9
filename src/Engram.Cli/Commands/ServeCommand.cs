using System.CommandLine;
using Engram.Errors;
using Engram.Server;
using Engram.Sqlite;
using Microsoft.Extensions.Hosting;

namespace Engram.Cli.Commands;

internal static class ServeCommand
{
    public static Command Build()
    {
        var urls = new Option<string[]>("--urls") { Description = "Where to listen (default: http://127.0.0.1:8420)", AllowMultipleArgumentsPerToken = true };
        var rate = new Option<int>("--rate-limit") { Description = "Requests per second per principal (all its API keys together) or agent session (0: no limit)", DefaultValueFactory = _ => new ServerOptions().RateLimitPerSecond };
        return new Command("serve", "Serve the data directory over HTTP: the compatible Memory Stores API and Engram's extensions").With(urls, rate).Handle(async (run, ct) =>
        {
            if (run.ServerUrl is not null)
            {
                throw new InvalidRequestException("--server", "serve runs on a local data directory; drop --server");
            }

            var directory = DataDirectory.Open(run.DataPath);
            var defaults = new ServerOptions();
            var given = run.Parse.GetValue(urls);
            var limit = run.Parse.GetValue(rate);
            var options = defaults with
            {
                Urls = given is { Length: > 0 } ? given : defaults.Urls,
                RateLimitPerSecond = limit,
                RateLimitBurst = Math.Max(limit * 2, 1),
            };

            // The engine outlives the app: requests in flight finish, then queued writes commit, then the database closes.
            using var models = Models.ModelClients.FromEnvironment(TimeProvider.System);
            var embedder = new Semantic.MiniLmEmbedder();
            await using var engine = new EngramEngine(
                directory.OpenStorage(run.Parse.GetValue(GlobalOptions.DurabilityOption)), embedder: embedder, dreams: CliRun.DreamOptions(models, embedder));
            await using var app = EngramServer.Build(engine, options);
            Console.Error.WriteLine($"engram: serving {directory.Root} on {string.Join(", ", options.Urls)} (Ctrl-C to stop)");
            Console.Error.WriteLine($"engram: dreams run here with {(models.IsConfigured ? models.Description : "the rule-based analyzers (no model provider configured)")}");
            await app.StartAsync(ct);
            await app.WaitForShutdownAsync(ct);
            return ExitCodes.Ok;
        });
    }
}
