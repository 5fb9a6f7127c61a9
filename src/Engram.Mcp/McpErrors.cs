using Engram.Errors;
using ModelContextProtocol;

namespace Engram.Mcp;

/// <summary>
/// Protocol errors of resources and prompts (tools answer with results instead). A request that names what is
/// missing or breaks a rule of an argument is the protocol's invalid-params error (-32602), with the argument
/// named first as in the HTTP API. Messages never carry a memory path: the SDK logs them above Debug.
/// </summary>
internal static class McpErrors
{
    /// <summary>An argument that breaks <paramref name="rule"/>.</summary>
    public static McpProtocolException InvalidParams(string argument, string rule) => new($"{argument}: {rule}", McpErrorCode.InvalidParams);

    /// <summary>Engram's failure as the protocol error it is: a bad or unknown argument, or (anything else) an internal error.</summary>
    public static McpException From(EngramException error, string argument) => error switch
    {
        NotFoundException => InvalidParams(argument, "names nothing you can read"),
        InvalidRequestException invalid => new McpProtocolException(invalid.Message, McpErrorCode.InvalidParams),
        _ => new McpException(error.Message),
    };
}
