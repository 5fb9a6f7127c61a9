using Engram.Client;
using Engram.Mcp;

namespace Engram.Server.Http;

/// <summary>An MCP request over HTTP acts as the caller its API key or session token names, on the server's own engine.</summary>
internal sealed class HttpMcpContext(IHttpContextAccessor http, EngramEngine engine) : IEngramMcpContext
{
    public IEngramClient Client { get; } = new LocalEngramClient(engine, (http.HttpContext ?? throw new InvalidOperationException("an MCP request outside an HTTP request")).Caller());

    public string? DefaultStore => http.HttpContext?.Request.Query["store"].FirstOrDefault();

    public McpStoreHints Hints => McpStoreHints.Http;
}
