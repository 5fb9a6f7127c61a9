using System.CommandLine;
using System.Text.Json;
using Engram.Client;
using Engram.Errors;
using Engram.Wire;
using Engram.Memories;
using Engram.Remote;
using Engram.Review;

namespace Engram.Cli;

/// <summary>One invocation of a command: its parsed options, its output, and the client it talks to.</summary>
internal sealed class CliRun(ParseResult parse, TextWriter output, TextWriter error) : IAsyncDisposable
{
    private IEngramClient? _client;
    private LocalBackend? _backend;
    private Models.ModelClients? _models;

    /// <summary>How a local engine records sessions (set before the first <see cref="Client"/> call); the server's own setting applies remotely.</summary>
    public Sessions.SessionOptions SessionOptions { get; set; } = new();

    public ParseResult Parse => parse;

    public TextWriter Out => output;

    public bool Json => parse.GetValue(GlobalOptions.Json);

    public string DataPath => parse.GetValue(GlobalOptions.Data)!;

    /// <summary>
    /// The data directory the user named, with where it was named (<c>--data</c>, else <c>$ENGRAM_DATA</c>), or null
    /// when <see cref="DataPath"/> is only the default.
    /// </summary>
    public (string Path, string NamedBy)? NamedDataPath =>
        parse.GetResult(GlobalOptions.Data) is { Implicit: false } ? (DataPath, "--data")
        : Environment.GetEnvironmentVariable("ENGRAM_DATA") is { Length: > 0 } fromEnvironment ? (fromEnvironment, "$ENGRAM_DATA")
        : null;

    /// <summary>What local mode opens: the data directory, or the PostgreSQL database of <c>--postgres</c> (or <c>$ENGRAM_POSTGRES</c>).</summary>
    public LocalBackend Backend() => _backend ??= LocalBackend.Of(this);

    /// <summary>The server URL when the command runs in remote mode, else null.</summary>
    public string? ServerUrl => parse.GetValue(GlobalOptions.Server);

    /// <summary>
    /// The client for this invocation: remote (<c>--server</c>) or local (the data directory, or the PostgreSQL
    /// database of <c>--postgres</c>), acting as its local operator. Commands see no difference.
    /// </summary>
    public IEngramClient Client()
    {
        if (_client is not null)
        {
            return _client;
        }

        if (ServerUrl is { } server)
        {
            if (parse.GetResult(GlobalOptions.Postgres) is { Implicit: false })
            {
                throw new InvalidRequestException("--postgres", "works on a database here (local mode) and --server (or $ENGRAM_SERVER) against a server; give one of them");
            }

            var key = parse.GetValue(GlobalOptions.ApiKey)
                ?? throw new InvalidRequestException("--api-key", "is required with --server (or set ENGRAM_API_KEY)");
            _client = new RemoteEngramClient(server, key);
        }
        else
        {
            // Locally, --api-key acts as that key's principal or that session (a script launching an agent
            // passes the session token); without it, as the backend's local operator.
            var opened = Backend().OpenAsync(migrate: false, CancellationToken.None).GetAwaiter().GetResult();
            _models = Models.ModelClients.FromEnvironment(TimeProvider.System);
            var engine = new EngramEngine(opened.Storage, embedder: SearchEmbedder(), sessions: SessionOptions, dreams: DreamOptions(_models));
            var caller = parse.GetValue(GlobalOptions.ApiKey) is { } key
                ? engine.AuthenticateAsync(key, CancellationToken.None).GetAwaiter().GetResult()
                : opened.LocalCaller;
            _client = new LocalEngramClient(engine, caller, ownsEngine: true);
        }

        return _client;
    }

    /// <summary>The model semantic search embeds with: <c>ENGRAM_EMBEDDING_MODEL</c>, else the default (docs/SEARCH.md).</summary>
    public static Search.ITextEmbedder SearchEmbedder() => new Semantic.LocalEmbedder(Semantic.LocalModel.FromEnvironment());

    /// <summary>
    /// How dreams run in this process: model sub-agents from the environment, and titles clustered and
    /// instructions matched by all-MiniLM-L6, whatever search uses: the dream's similarity thresholds were
    /// measured on its vectors. It loads only when a dream needs it.
    /// </summary>
    public static Dreaming.Dreams.DreamOptions DreamOptions(Models.ModelClients models) =>
        new() { Analyzers = models.AnalyzerFor, Synthesizer = new Dreaming.Synthesis.DreamSynthesizer(embedder: new Semantic.MiniLmEmbedder()) };

    /// <summary>How a person names a store on the command line, for the errors that ask for one.</summary>
    public static StoreNaming StoreNaming { get; } = new(
        "--store", "pick one with --store NAME|ID (or set ENGRAM_STORE)", $"there is no store yet; create one with `{Invocation.Command} store create NAME`");

    /// <summary>The store named by <c>--store</c> (or <c>$ENGRAM_STORE</c>), else the only working one.</summary>
    public Task<MemoryStore> StoreAsync(CancellationToken cancellationToken) => StoreAsync(parse.GetValue(GlobalOptions.Store), cancellationToken);

    /// <summary>The store <paramref name="reference"/> names (an id or a name), else the only working one.</summary>
    public Task<MemoryStore> StoreAsync(string? reference, CancellationToken cancellationToken) =>
        StoreResolver.ResolveAsync(Client(), reference, StoreNaming, cancellationToken);

    public void Line(string text = "") => output.WriteLine(text);

    /// <summary>A line for the person on stderr (stdout stays what scripts read): what the command did not do for them.</summary>
    public void Warn(string text) => error.WriteLine($"engram: warning: {text}");

    /// <summary>
    /// Says on stderr that a listing found nothing (<c>engram: no stale memories in team</c>), so a person knows it ran;
    /// stdout stays empty for scripts, and with --json the empty list is the answer.
    /// </summary>
    public void Nothing(string what)
    {
        if (!Json)
        {
            error.WriteLine($"engram: {what}");
        }
    }

    public void WriteJson<T>(T value) => output.WriteLine(JsonSerializer.Serialize(value, WireJson.Indented));

    /// <summary>Prints <paramref name="json"/> with --json, else the line for people; returns the success exit code.</summary>
    public int Report<T>(T json, string text)
    {
        if (Json)
        {
            WriteJson(json);
        }
        else
        {
            Line(text);
        }

        return ExitCodes.Ok;
    }

    /// <summary>Reports a write that became <paramref name="proposal"/> (the proposal with --json); returns the proposed exit code.</summary>
    public int Proposed(Proposal proposal)
    {
        if (Json)
        {
            WriteJson(proposal.ToJson());
        }
        else
        {
            output.WriteLine($"proposed {proposal.Id}: {WriteResult.Describe(proposal)}");
        }

        return ExitCodes.Proposed;
    }

    /// <summary>Runs a command body, turning domain errors into a message and an exit code.</summary>
    public async Task<int> ExecuteAsync(Func<CliRun, CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        try
        {
            return await body(this, cancellationToken).ConfigureAwait(false);
        }
        catch (EngramException failure)
        {
            ReportError(failure.Code, failure.Message, failure);
            return ExitCodes.For(failure.Type);
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("engram: canceled");
            return ExitCodes.Canceled;
        }
        catch (IOException failure)
        {
            ReportError("io_error", failure.Message, null);
            return ExitCodes.InvalidInput;
        }
        catch (UnauthorizedAccessException failure)
        {
            ReportError("io_error", failure.Message, null);
            return ExitCodes.Denied;
        }
        catch (Npgsql.NpgsqlException failure) when (failure is not Npgsql.PostgresException)
        {
            // The PostgreSQL backend lost its server mid-command (opening it reports an unreachable one itself).
            ReportError("postgres_unavailable", $"PostgreSQL: {failure.InnerException?.Message ?? failure.Message}", null);
            return ExitCodes.Unavailable;
        }
    }

    private void ReportError(string code, string message, EngramException? failure)
    {
        if (Json)
        {
            var body = failure?.ToJson() ?? new ErrorEnvelopeJson(new ErrorJson(code, message));
            error.WriteLine(JsonSerializer.Serialize(body, WireJson.Options));
        }
        else
        {
            error.WriteLine($"engram: {message}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync().ConfigureAwait(false);
        }

        _models?.Dispose();
    }
}

/// <summary>Wires command bodies to <see cref="CliRun"/>.</summary>
internal static class CommandExtensions
{
    public static Command Handle(this Command command, Func<CliRun, CancellationToken, Task<int>> body)
    {
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var run = new CliRun(parse, Console.Out, Console.Error);
            return await run.ExecuteAsync(body, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    public static Command With(this Command command, params Symbol[] symbols)
    {
        foreach (var symbol in symbols)
        {
            switch (symbol)
            {
                case Argument argument:
                    command.Arguments.Add(argument);
                    break;
                case Option option:
                    command.Options.Add(option);
                    break;
                case Command child:
                    command.Subcommands.Add(child);
                    break;
            }
        }

        return command;
    }
}
