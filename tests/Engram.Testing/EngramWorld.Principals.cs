using Engram.Access;
using Engram.Access.Policies;
using Engram.Client;

namespace Engram.Testing;

/// <summary>A principal made for a test: who it is, its key, the caller the key authenticates as, and a client acting as it.</summary>
public sealed record TestPrincipal(Principal Principal, CreatedApiKey Key, Caller Caller, IEngramClient Client)
{
    public string Id => Principal.Id;
}

/// <summary>An agent session made for a test: the session, its token, the caller the token authenticates as, and a client acting as it.</summary>
public sealed record TestSession(AgentSession Session, string Token, Caller Caller, IEngramClient Client)
{
    public string Id => Session.Id;
}

public sealed partial class EngramWorld
{
    /// <summary>A new principal with an API key, made by the admin; the store's default rules decide what it may do.</summary>
    public async Task<TestPrincipal> PrincipalAsync(
        string name, PrincipalKind kind = PrincipalKind.User, PrincipalRole role = PrincipalRole.Member, IReadOnlyList<string>? groups = null, string? keyName = null)
    {
        var principal = await Admin.CreatePrincipalAsync(new CreatePrincipalRequest(kind, name, role, groups));
        var key = await Admin.CreateApiKeyAsync(new CreateApiKeyRequest(keyName ?? name, principal.Id));
        var caller = await AuthenticateAsync(key.Secret);
        return new TestPrincipal(principal, key, caller, ClientFor(caller));
    }

    /// <summary>A person: a member user, in <paramref name="groups"/>.</summary>
    public Task<TestPrincipal> PersonAsync(string name, params string[] groups) => PrincipalAsync(name, groups: groups.Length == 0 ? null : groups);

    /// <summary>A workload: a member service account (by default it reads and writes every store).</summary>
    public Task<TestPrincipal> ServiceAccountAsync(string name) => PrincipalAsync(name, PrincipalKind.ServiceAccount);

    /// <summary>
    /// A writer that may only propose under <paramref name="path"/> in <paramref name="storeId"/>: a service account
    /// denied create, update and delete there, so its writes there become pending proposals.
    /// </summary>
    public async Task<TestPrincipal> ProposerAsync(string storeId, string name, string path = "/**")
    {
        var writer = await ServiceAccountAsync(name);
        await Admin.AddPolicyAsync(new AddPolicyRequest(storeId, $"principal:{writer.Id}", path, ["create", "update", "delete"], "deny", "test: propose only"));
        return writer;
    }

    /// <summary>
    /// Gives <paramref name="principalId"/> exactly <paramref name="rules"/> (path, capabilities) in <paramref name="storeId"/>
    /// after removing the store's own rules (its defaults), so nothing else grants it anything there.
    /// </summary>
    public async Task OnlyRulesAsync(string storeId, string principalId, params (string Path, string[] Capabilities)[] rules)
    {
        await RemoveStoreRulesAsync(storeId);
        await AllowAsync(storeId, principalId, rules);
    }

    /// <summary>Removes every rule of <paramref name="storeId"/> itself (its defaults included); rules for every store stay.</summary>
    public async Task RemoveStoreRulesAsync(string storeId)
    {
        foreach (var rule in await Admin.ListPoliciesAsync(storeId))
        {
            if (rule.StoreId == storeId)
            {
                await Admin.RemovePolicyAsync(rule.Id);
            }
        }
    }

    /// <summary>Allows <paramref name="principalId"/> each of <paramref name="rules"/> (path, capabilities) in <paramref name="storeId"/>.</summary>
    public async Task AllowAsync(string storeId, string principalId, params (string Path, string[] Capabilities)[] rules)
    {
        foreach (var (path, capabilities) in rules)
        {
            await Admin.AddPolicyAsync(new AddPolicyRequest(storeId, $"principal:{principalId}", path, capabilities));
        }
    }

    /// <summary>A new session of <paramref name="agent"/> registered by the admin with <paramref name="stores"/> attached.</summary>
    public Task<TestSession> SessionAsync(string agent, params SessionAttachment[] stores) => SessionAsync(new RegisterSessionRequest(agent, Stores: stores));

    /// <summary>A new session of <paramref name="agent"/> with <paramref name="storeId"/> attached with <paramref name="access"/>.</summary>
    public Task<TestSession> SessionAsync(string agent, string storeId, AttachmentAccess access = AttachmentAccess.ReadWrite) =>
        SessionAsync(agent, new SessionAttachment(storeId, access, ""));

    /// <summary>A new session registered by the admin as <paramref name="request"/> says.</summary>
    public async Task<TestSession> SessionAsync(RegisterSessionRequest request)
    {
        var registered = await Admin.RegisterSessionAsync(request);
        var caller = await AuthenticateAsync(registered.Token);
        return new TestSession(registered.Session, registered.Token, caller, ClientFor(caller));
    }
}
