using ArchUnitNET.Domain;
using ArchUnitNET.Fluent;
using ArchUnitNET.xUnit;
using static ArchUnitNET.Fluent.ArchRuleDefinition;
using static Engram.Architecture.Tests.EngramArchitecture;

namespace Engram.Architecture.Tests;

/// <summary>The layers of docs/ARCHITECTURE.md: faces over the library, backends under its storage port.</summary>
public sealed class LayeringTests
{
    [Fact]
    public void The_library_references_no_face_and_no_backend()
    {
        var forbidden = Faces.Append(Backend).Select(assembly => assembly.GetName().Name).ToHashSet();

        var references = Library.GetReferencedAssemblies().Select(name => name.Name).ToList();
        Assert.Empty(forbidden.Intersect(references));
        Types().That().ResideInAssembly(Library)
            .Should().NotDependOnAny(Types().That().ResideInAssembly(Backend, Faces))
            .Because("the library holds the rules; faces and backends depend on it, never the other way")
            .Check(EngramArchitecture.Architecture);
    }

    [Fact]
    public void The_storage_port_depends_on_no_service()
    {
        IObjectProvider<IType> services = Types().That().ResideInAssembly(Library).And().HaveNameEndingWith("Service")
            .Or().HaveNameEndingWith("Runner")
            .Or().HaveNameEndingWith("Indexer")
            .Or().HaveFullName("Engram.EngramEngine")
            .Or().ResideInNamespaceOrBelow("Engram.Client")
            .As("services (the *Service, *Runner and *Indexer types, the engine, the application interface)");

        Assert.False(Types().That().HaveFullName("Engram.EngramEngine").Should().NotDependOnAny(services).HasNoViolations(EngramArchitecture.Architecture), "the services are found");
        Types().That().ResideInNamespaceOrBelow("Engram.Storage")
            .Should().NotDependOnAny(services)
            .Because("a backend implements the port alone; services sit above it")
            .Check(EngramArchitecture.Architecture);
    }

    [Fact]
    public void No_assembly_but_the_SQLite_backend_uses_Microsoft_Data_Sqlite()
    {
        Assert.Empty(AllButBackend.Where(assembly => assembly.GetReferencedAssemblies().Any(name => name.Name == "Microsoft.Data.Sqlite")).Select(assembly => assembly.GetName().Name));
        var sql = Types(true).That().ResideInNamespaceOrBelow("Microsoft.Data.Sqlite");
        Assert.False(Types().That().ResideInAssembly(Backend).Should().NotDependOnAny(sql).HasNoViolations(EngramArchitecture.Architecture), "SQL is found where it is");
        Types().That().DoNotResideInAssembly(Backend)
            .Should().NotDependOnAny(sql)
            .Because("SQL stays below the storage port, in the backend")
            .Check(EngramArchitecture.Architecture);
    }

    [Fact]
    public void No_face_reaches_the_storage_port()
    {
        var storage = Types().That().ResideInNamespaceOrBelow("Engram.Storage");
        Assert.False(Types().That().ResideInAssembly(EngramArchitecture.Backend).Should().NotDependOnAny(storage).HasNoViolations(EngramArchitecture.Architecture), "the ports are found");
        // The CLI is also the composition root of local mode and of serve: its *Backend types open a data directory or a
        // PostgreSQL database and hand the storage to the engine (and migrate copies one backend's tables into another).
        Assert.False(Types().That().ResideInAssembly(Faces[0], Faces[1..]).Should().NotDependOnAny(storage).HasNoViolations(EngramArchitecture.Architecture), "the composition root is found");
        Types().That().ResideInAssembly(Faces[0], Faces[1..]).And().DoNotHaveNameEndingWith("Backend")
            .Should().NotDependOnAny(Types().That().ResideInNamespaceOrBelow("Engram.Storage"))
            .Because("faces call the application interface; only services, backends and the CLI's backend composition see storage")
            .Check(EngramArchitecture.Architecture);
    }
}
