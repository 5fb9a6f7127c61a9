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

public sealed partial class PostgresStorage : IAccessStorage
{
    public Task<(ApiKey Key, Principal Principal)?> FindApiKeyAsync(string secretSha256, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<IReadOnlyList<ApiKey>> ListApiKeysAsync(string? principalId, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<IReadOnlyList<Principal>> ListPrincipalsAsync(CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<IReadOnlySet<string>> GetGroupsAsync(string principalId, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<IReadOnlyList<PolicyRule>> ListPolicyRulesAsync(CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<long> GetPolicyEpochAsync(CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<IReadOnlyDictionary<string, string>> ListStoreSourcesAsync(CancellationToken cancellationToken) => throw new NotImplementedException();
}
