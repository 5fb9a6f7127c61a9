using System.Reflection;
using Engram.Review;
using Engram.Wire;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Engram.Server.Http;

/// <summary>
/// A write that became a proposal: not an error, so 202 Accepted with the proposal as the body and its id in the
/// <c>engram-proposal-id</c> header (the remote client reads it back as <see cref="Memories.WriteResult.Proposal"/>).
/// </summary>
internal sealed class ProposalFiledResult(Proposal proposal) : IResult, IEndpointMetadataProvider
{
    public const string ProposalIdHeader = "engram-proposal-id";

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status202Accepted;
        httpContext.Response.Headers[ProposalIdHeader] = proposal.Id;
        await httpContext.Response.WriteAsJsonAsync(proposal.ToJson(), WireJson.Options, CancellationToken.None);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status202Accepted, typeof(ProposalJson), ["application/json"]));
}
