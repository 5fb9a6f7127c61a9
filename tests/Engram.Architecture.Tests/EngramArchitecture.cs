using System.Reflection;
using ArchUnitNET.Loader;

namespace Engram.Architecture.Tests;

/// <summary>The built assemblies of Engram, loaded once for every rule (by name: a rule must not depend on what is public).</summary>
internal static class EngramArchitecture
{
    /// <summary>The library: the domain and every rule.</summary>
    public static readonly Assembly Library = Assembly.Load("Engram");

    /// <summary>The embedded backend, the one place SQL may live.</summary>
    public static readonly Assembly Backend = Assembly.Load("Engram.Sqlite");

    /// <summary>The faces: how people and agents reach the library (HTTP, web UI, command line, MCP, the remote client).</summary>
    public static readonly Assembly[] Faces =
    [
        Assembly.Load("Engram.Server"),
        Assembly.Load("Engram.Web"),
        Assembly.Load("Engram.Cli"),
        Assembly.Load("Engram.Mcp"),
        Assembly.Load("Engram.Remote"),
    ];

    /// <summary>Adapters that are neither a face nor a backend: model clients and the local embedding model.</summary>
    public static readonly Assembly[] Adapters = [Assembly.Load("Engram.Models"), Assembly.Load("Engram.Semantic")];

    public static readonly ArchUnitNET.Domain.Architecture Architecture =
        new ArchLoader().LoadAssemblies([Library, Backend, .. Faces, .. Adapters]).Build();

    /// <summary>Every Engram assembly but the backend.</summary>
    public static IEnumerable<Assembly> AllButBackend => [Library, .. Faces, .. Adapters];
}
