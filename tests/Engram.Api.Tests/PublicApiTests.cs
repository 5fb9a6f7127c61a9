using System.Reflection;
using PublicApiGenerator;

namespace Engram.Api.Tests;

/// <summary>
/// Each package's public API, pinned: what users may depend on changes only as a reviewed diff of
/// <c>&lt;Package&gt;.approved.txt</c> beside this file.
/// </summary>
public sealed class PublicApiTests
{
    [Fact]
    public void Engram_public_api_is_approved() => Approve(typeof(EngramEngine).Assembly);

    [Fact]
    public void Engram_Sqlite_public_api_is_approved() => Approve(typeof(Sqlite.SqliteMemoryStorage).Assembly);

    [Fact]
    public void Engram_Postgres_public_api_is_approved() => Approve(typeof(Postgres.PostgresStorage).Assembly);

    [Fact]
    public void Engram_Remote_public_api_is_approved() => Approve(typeof(Remote.RemoteEngramClient).Assembly);

    [Fact]
    public void Engram_Semantic_public_api_is_approved() => Approve(typeof(Semantic.LocalEmbedder).Assembly);

    [Fact]
    public void Engram_Models_public_api_is_approved() => Approve(typeof(Models.ModelClients).Assembly);

    [Fact]
    public void Engram_Mcp_public_api_is_approved() => Approve(typeof(Mcp.EngramMcpServer).Assembly);

    [Fact]
    public void Engram_Server_public_api_is_approved() => Approve(typeof(Server.EngramServer).Assembly);

    [Fact]
    public void Engram_Web_public_api_is_approved() => Approve(typeof(Web.EngramUi).Assembly);

    /// <summary>
    /// Compares the assembly's public API with <c>&lt;Package&gt;.approved.txt</c>; on a difference writes
    /// <c>&lt;Package&gt;.received.txt</c> beside it and fails, saying how to accept the change.
    /// </summary>
    private static void Approve(Assembly assembly)
    {
        var name = assembly.GetName().Name!;
        var received = Normalize(assembly.GeneratePublicApi(Options));
        var directory = ProjectDirectory();
        var approvedPath = Path.Combine(directory, $"{name}.approved.txt");
        var receivedPath = Path.Combine(directory, $"{name}.received.txt");
        var approved = File.Exists(approvedPath) ? Normalize(File.ReadAllText(approvedPath)) : null;
        if (received == approved)
        {
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, received);
        Assert.Fail(
            $"The public API of {name} differs from {approvedPath}" + (approved is null ? " (which does not exist yet)" : "") + ".\n" +
            $"The API as built is in {receivedPath}; compare the two. If the change is meant, accept it:\n" +
            $"  cp {receivedPath} {approvedPath}\n" +
            "and commit the approved file with the change, so the review sees what users of the package now depend on.");
    }

    /// <summary>
    /// Attributes whose values change from build to build or machine to machine, not with the API, and the Razor
    /// plumbing that lists the review UI's (internal) pages. InternalsVisibleTo stays: which assemblies see internals is reviewed too.
    /// </summary>
    private static readonly ApiGeneratorOptions Options = new()
    {
        ExcludeAttributes =
        [
            "System.Reflection.AssemblyMetadataAttribute",
            "System.Reflection.AssemblyInformationalVersionAttribute",
            "System.Diagnostics.DebuggableAttribute",
            "System.Runtime.CompilerServices.CompilationRelaxationsAttribute",
            "System.Runtime.CompilerServices.RuntimeCompatibilityAttribute",
            "Microsoft.AspNetCore.Razor.Hosting.RazorCompiledItemAttribute",
            "Microsoft.AspNetCore.Mvc.ApplicationParts.ProvideApplicationPartFactoryAttribute",
        ],
    };

    /// <summary>This project's source directory (where the approved files live), found from the build output upwards.</summary>
    private static string ProjectDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Engram.slnx")))
            {
                return Path.Combine(directory.FullName, "tests", "Engram.Api.Tests");
            }
        }

        throw new InvalidOperationException($"No Engram.slnx above {AppContext.BaseDirectory}.");
    }

    private static string Normalize(string text) => text.ReplaceLineEndings("\n").TrimEnd() + "\n";
}
