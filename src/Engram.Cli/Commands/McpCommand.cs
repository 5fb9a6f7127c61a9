using System.CommandLine;
using Engram.Mcp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Engram.Cli.Commands;

/// <summary><c>engram mcp</c>: an MCP server over stdio, acting as the local operator, a key's principal, or a session (local or remote mode).</summary>
internal static class McpCommand
{
    public static Command Build() => new Command("mcp", "An MCP server over stdio: memory tool commands, search, history and the memory section as tools; memory files as resources; the memory section as a prompt")
        .Handle(async (run, ct) =>
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });

            // stdout carries the protocol: anything the server logs goes to stderr, warnings and up.
            builder.Logging.ClearProviders();
            builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            McpSdkLogging.Install(builder.Services); // memory paths never above Debug; a client's mistake is no error of ours
            builder.Services.AddSingleton<IEngramMcpContext>(new FixedMcpContext(run.Client(), run.Parse.GetValue(GlobalOptions.Store)));
            builder.Services
                .AddMcpServer(server => server.ServerInfo = new() { Name = EngramMcpServer.Name, Version = typeof(McpCommand).Assembly.GetName().Version?.ToString() ?? "0" })
                .WithStdioServerTransport()
                .WithEngram();
            using var host = builder.Build();
            await host.RunAsync(ct);
            return ExitCodes.Ok;
        });
}
