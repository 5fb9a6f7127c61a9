using Engram.Storage;
using Engram.Access.Audit;
using Engram.Access.Policies;
using Engram.Access;
using Engram.Dreaming.Dreams;
using Engram.Memories;
using Engram.Review;
using Engram.Search;
using Engram.Sessions;

namespace Engram.Postgres;

internal sealed partial class PostgresStorageWriter : IAccessWriter
{
    public Principal? GetPrincipal(string principalId) => throw new NotImplementedException();
    public void InsertPrincipal(Principal principal) => throw new NotImplementedException();
    public void InsertApiKey(ApiKey key, string secretSha256) => throw new NotImplementedException();
    public ApiKey? GetApiKey(string apiKeyId) => throw new NotImplementedException();
    public void RevokeApiKey(string apiKeyId, DateTimeOffset revokedAt) => throw new NotImplementedException();
    public void SetGroups(string principalId, IReadOnlyCollection<string> groups) => throw new NotImplementedException();
    public void InsertPolicyRule(PolicyRule rule) => throw new NotImplementedException();
    public PolicyRule? GetPolicyRule(string ruleId) => throw new NotImplementedException();
    public void DeletePolicyRule(string ruleId) => throw new NotImplementedException();
}
