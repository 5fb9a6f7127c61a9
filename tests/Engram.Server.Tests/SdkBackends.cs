namespace Engram.Server.Tests;

/// <summary>The official .NET SDK's scenarios against a server over a SQLite data directory.</summary>
public sealed class SqliteSdkConformanceTests : SdkConformanceTests
{
    private protected override ServerBackend Backend => ServerBackend.Sqlite;
}

/// <summary>The official .NET SDK's scenarios against a server over PostgreSQL.</summary>
public sealed class PostgresSdkConformanceTests : SdkConformanceTests
{
    private protected override ServerBackend Backend => ServerBackend.Postgres;
}

/// <summary>The Dreams API through the official .NET SDK against servers over SQLite data directories.</summary>
public sealed class SqliteDreamsSdkTests : DreamsSdkTests
{
    private protected override ServerBackend Backend => ServerBackend.Sqlite;
}

/// <summary>The Dreams API through the official .NET SDK against servers over PostgreSQL.</summary>
public sealed class PostgresDreamsSdkTests : DreamsSdkTests
{
    private protected override ServerBackend Backend => ServerBackend.Postgres;
}

/// <summary>The official TypeScript MCP SDK's client against a server over a SQLite data directory.</summary>
public sealed class SqliteMcpTypeScriptClientTests : McpTypeScriptClientTests
{
    private protected override ServerBackend Backend => ServerBackend.Sqlite;
}

/// <summary>The official TypeScript MCP SDK's client against a server over PostgreSQL.</summary>
public sealed class PostgresMcpTypeScriptClientTests : McpTypeScriptClientTests
{
    private protected override ServerBackend Backend => ServerBackend.Postgres;
}
