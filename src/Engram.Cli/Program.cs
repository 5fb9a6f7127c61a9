using System.CommandLine;
using System.CommandLine.Help;
using Engram.Cli;
using Engram.Cli.Commands;

// A plain command rather than RootCommand, so help says "engram" (RootCommand names itself after the assembly).
var root = new Command("engram", "Engram: versioned, permissioned memory for agent fleets");
root.Options.Add(new HelpOption());
root.Options.Add(new VersionOption());
GlobalOptions.AddTo(root);
root.With(
    InitCommand.Build(), ServeCommand.Build(), MigrateCommand.Build(), KeysCommands.Build(), SessionsCommands.Build(), PolicyCommands.Build(),
    ReviewCommands.Proposals(), ReviewCommands.Audit(), SearchCommands.Search(), EmbeddingsCommand.Build(), SearchCommands.Catalog(), SearchCommands.Context(), StoreCommands.Build(), DemoCommand.Build(), McpCommand.Build(), SyncCommand.Build(), DreamCommands.Dream(), DreamCommands.Dreams());
foreach (var command in MemoryCommands.Build().Concat(HistoryCommands.Build()).Concat(BulkCommands.Build()))
{
    root.Subcommands.Add(command);
}

var parse = root.Parse(args.Length == 0 ? ["--help"] : args);
if (parse.Errors.Count > 0 || Typos.OptionTakenAsArgument(parse, args) is not null)
{
    Typos.Report(parse, args, Console.Error);
    return ExitCodes.InvalidInput;
}

// Termination is left to the commands: `serve` lets ASP.NET Core drain requests in flight on SIGTERM,
// which System.CommandLine's default two-second termination timeout would cut short.
return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
