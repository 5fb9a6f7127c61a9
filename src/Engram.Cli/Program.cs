using System.CommandLine;
using Engram.Cli;
using Engram.Cli.Commands;

var root = new RootCommand("Engram: versioned, permissioned memory for agent fleets");
GlobalOptions.AddTo(root);
root.With(InitCommand.Build(), StoreCommands.Build(), DemoCommand.Build());
foreach (var command in MemoryCommands.Build().Concat(HistoryCommands.Build()))
{
    root.Subcommands.Add(command);
}

var parse = root.Parse(args.Length == 0 ? ["--help"] : args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors)
    {
        Console.Error.WriteLine($"engram: {error.Message}");
    }

    Console.Error.WriteLine("Run `engram --help` for usage.");
    return ExitCodes.InvalidInput;
}

return await parse.InvokeAsync();
