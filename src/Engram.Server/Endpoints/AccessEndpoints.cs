using Engram.Access;
using Engram.Errors;

namespace Engram.Server.Endpoints;

/// <summary>Extensions under <c>/v1/engram</c>: principals and API keys.</summary>
internal static class AccessEndpoints
{
    public static void Map(IEndpointRouteBuilder app, AccessService access)
    {
        var group = app.MapGroup("/v1/engram").WithTags("Principals and API keys (extension)");

        group.MapPost("/principals", async Task<Ok<PrincipalJson>> (HttpContext http, [FromBody] CreatePrincipalBody body) =>
        {
            var kind = body.Kind switch
            {
                "user" => PrincipalKind.User,
                "service_account" => PrincipalKind.ServiceAccount,
                _ => throw new InvalidRequestException("kind", $"must be user or service_account (got \"{body.Kind}\")"),
            };
            var role = body.Role switch
            {
                null or "member" => PrincipalRole.Member,
                "admin" => PrincipalRole.Admin,
                _ => throw new InvalidRequestException("role", $"must be admin or member (got \"{body.Role}\")"),
            };
            return TypedResults.Ok((await access.CreatePrincipalAsync(http.Caller(), new CreatePrincipalRequest(kind, body.Name, role, body.Groups), http.RequestAborted)).ToJson());
        }).WithName("CreatePrincipal").WithSummary("Create a user or service account (admins)");

        group.MapGet("/principals", async Task<Ok<PageJson<PrincipalJson>>> (HttpContext http) =>
            TypedResults.Ok(new PageJson<PrincipalJson>((await access.ListPrincipalsAsync(http.Caller(), http.RequestAborted)).Select(p => p.ToJson()).ToList(), null)))
            .WithName("ListPrincipals").WithSummary("List principals (admins see all, members themselves)");

        group.MapPost("/api_keys", async Task<Ok<ApiKeyJson>> (HttpContext http, [FromBody] CreateApiKeyBody body) =>
            TypedResults.Ok((await access.CreateApiKeyAsync(http.Caller(), new CreateApiKeyRequest(body.Name, body.PrincipalId), http.RequestAborted)).ToJson()))
            .WithName("CreateApiKey").WithSummary("Create an API key; the secret is in this response only");

        group.MapGet("/api_keys", async Task<Ok<PageJson<ApiKeyJson>>> (HttpContext http) =>
            TypedResults.Ok(new PageJson<ApiKeyJson>((await access.ListApiKeysAsync(http.Caller(), http.RequestAborted)).Select(k => k.ToJson()).ToList(), null)))
            .WithName("ListApiKeys").WithSummary("List API keys, without secrets");

        group.MapPost("/api_keys/{api_key_id}/revoke", async Task<Ok<ApiKeyJson>> (HttpContext http, [FromRoute(Name = "api_key_id")] string apiKeyId) =>
            TypedResults.Ok((await access.RevokeApiKeyAsync(http.Caller(), apiKeyId, http.RequestAborted)).ToJson()))
            .WithName("RevokeApiKey").WithSummary("Revoke an API key at once");
    }
}
