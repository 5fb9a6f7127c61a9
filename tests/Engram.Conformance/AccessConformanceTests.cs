using Engram.Access;
using Engram.Access.Policies;
using Engram.Errors;
using Engram.Memories;

namespace Engram.Conformance;

/// <summary>
/// The access port's contract (principals, API keys, revocation, groups and policy rules), asserted through the
/// application interface, so every backend and every face proves the same behaviour.
/// </summary>
public abstract class AccessConformanceTests : ConformanceSuite
{
    [Fact]
    public async Task A_principal_is_listed_with_its_kind_and_name()
    {
        var person = await Client.CreatePrincipalAsync(new CreatePrincipalRequest(PrincipalKind.User, "ada"));
        var workload = await Client.CreatePrincipalAsync(new CreatePrincipalRequest(PrincipalKind.ServiceAccount, "indexer"));

        var listed = await Client.ListPrincipalsAsync();

        Assert.Contains(listed, p => p.Id == person.Id && p.Kind == PrincipalKind.User && p.Name == "ada");
        Assert.Contains(listed, p => p.Id == workload.Id && p.Kind == PrincipalKind.ServiceAccount && p.Name == "indexer");
        Assert.Equal(listed.Count, listed.Select(p => p.Id).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task A_key_secret_is_given_once_and_the_key_is_listed_without_it()
    {
        var person = await Client.CreatePrincipalAsync(new CreatePrincipalRequest(PrincipalKind.User, "ada"));

        var created = await Client.CreateApiKeyAsync(new CreateApiKeyRequest("laptop", person.Id));

        Assert.StartsWith(ApiKey.SecretPrefix, created.Secret, StringComparison.Ordinal);
        var listed = Assert.Single(await Client.ListApiKeysAsync(), k => k.Id == created.Key.Id);
        Assert.Equal((person.Id, "laptop", (DateTimeOffset?)null), (listed.PrincipalId, listed.Name, listed.RevokedAt));
        Assert.DoesNotContain(created.Secret, listed.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_authenticates_as_its_principal_and_its_writes_record_both()
    {
        var store = await NewStoreAsync();
        var person = await Client.CreatePrincipalAsync(new CreatePrincipalRequest(PrincipalKind.User, "ada"));
        var key = await Client.CreateApiKeyAsync(new CreateApiKeyRequest("laptop", person.Id));
        var ada = await Target.ConnectAsync(key.Secret);

        var written = await WriteMemoryAsync(ada, store.Id, "/notes/ada.md", "hello\n");

        var version = await Client.GetVersionAsync(store.Id, written.MemoryVersionId);
        Assert.Equal(person.Actor, version.CreatedBy);
        Assert.Contains((await Client.ListVersionsAsync(store.Id, new VersionListQuery(ApiKeyId: key.Key.Id))).Data, v => v.Id == written.MemoryVersionId);
    }

    [Fact]
    public async Task A_revoked_key_is_listed_as_revoked_and_no_longer_authenticates()
    {
        var store = await NewStoreAsync();
        var person = await Client.CreatePrincipalAsync(new CreatePrincipalRequest(PrincipalKind.User, "ada"));
        var key = await Client.CreateApiKeyAsync(new CreateApiKeyRequest("laptop", person.Id));

        var revoked = await Client.RevokeApiKeyAsync(key.Key.Id);

        Assert.NotNull(revoked.RevokedAt);
        Assert.NotNull(Assert.Single(await Client.ListApiKeysAsync(), k => k.Id == key.Key.Id).RevokedAt);
        await Refused<EngramException>(async () => await (await Target.ConnectAsync(key.Secret)).GetStoreAsync(store.Id), ErrorType.Authentication);
        Assert.Empty((await Client.ListVersionsAsync(store.Id, new VersionListQuery(ApiKeyId: key.Key.Id))).Data);
    }

    [Fact]
    public async Task An_unknown_secret_does_not_authenticate()
    {
        var store = await NewStoreAsync();

        await Refused<EngramException>(async () => await (await Target.ConnectAsync(ApiKey.SecretPrefix + "not-a-key-anyone-made")).GetStoreAsync(store.Id), ErrorType.Authentication);
    }

    [Fact]
    public async Task A_rule_is_listed_decides_a_policy_test_and_stops_deciding_once_removed()
    {
        var store = await NewStoreAsync();
        var person = await Client.CreatePrincipalAsync(new CreatePrincipalRequest(PrincipalKind.User, "ada"));
        await KeepOnlyAsync(store.Id);

        var rule = await Client.AddPolicyAsync(new AddPolicyRequest(store.Id, $"principal:{person.Id}", "/teams/**", ["read", "list", "create"]));

        Assert.Contains(await Client.ListPoliciesAsync(store.Id), r => r.Id == rule.Id && r.Effect == PolicyEffect.Allow);
        var allowed = await Client.TestPolicyAsync(new PolicyTestRequest(person.Id, store.Id, "/teams/runbook.md", "create"));
        Assert.True(allowed.Allowed);
        Assert.Equal(rule.Id, allowed.DecidingRule!.Id);
        Assert.False((await Client.TestPolicyAsync(new PolicyTestRequest(person.Id, store.Id, "/org/handbook.md", "create"))).Allowed);

        await Client.RemovePolicyAsync(rule.Id);

        Assert.DoesNotContain(await Client.ListPoliciesAsync(store.Id), r => r.Id == rule.Id);
        Assert.False((await Client.TestPolicyAsync(new PolicyTestRequest(person.Id, store.Id, "/teams/runbook.md", "create"))).Allowed);
    }

    [Fact]
    public async Task A_deny_takes_away_what_an_allow_grants_and_the_refused_write_changes_nothing()
    {
        var store = await NewStoreAsync();
        var (person, ada) = await PersonAsync("ada");
        await KeepOnlyAsync(store.Id,
            new AddPolicyRequest(store.Id, $"principal:{person.Id}", "/**", ["read", "list", "create", "update"]),
            new AddPolicyRequest(store.Id, $"principal:{person.Id}", "/frozen/**", ["create"], "deny"));

        await WriteMemoryAsync(ada, store.Id, "/open/a.md", "a\n");
        await Refused<PermissionDeniedException>(() => WriteMemoryAsync(ada, store.Id, "/frozen/b.md", "b\n"), ErrorType.Permission);

        await Refused<NotFoundException>(() => Client.GetMemoryByPathAsync(store.Id, "/frozen/b.md"), ErrorType.NotFound);
        Assert.Equal("a\n", (await Client.GetMemoryByPathAsync(store.Id, "/open/a.md")).Content);
    }

    [Fact]
    public async Task A_group_rule_grants_its_members_once_they_join()
    {
        var store = await NewStoreAsync();
        var person = await Client.CreatePrincipalAsync(new CreatePrincipalRequest(PrincipalKind.User, "ada"));
        var key = await Client.CreateApiKeyAsync(new CreateApiKeyRequest("ada", person.Id));
        await KeepOnlyAsync(store.Id, new AddPolicyRequest(store.Id, "group:payments", "/teams/payments/**", ["read", "list", "create"]));
        Assert.False((await Client.TestPolicyAsync(new PolicyTestRequest(person.Id, store.Id, "/teams/payments/x.md", "create"))).Allowed);

        await Client.SetGroupsAsync(person.Id, ["payments"]);

        Assert.True((await Client.TestPolicyAsync(new PolicyTestRequest(person.Id, store.Id, "/teams/payments/x.md", "create"))).Allowed);
        var ada = await Target.ConnectAsync(key.Secret); // groups are read when a key authenticates
        var written = await WriteMemoryAsync(ada, store.Id, "/teams/payments/x.md", "x\n");
        Assert.Equal(person.Actor, (await Client.GetVersionAsync(store.Id, written.MemoryVersionId)).CreatedBy);
    }

    [Fact]
    public async Task A_member_who_does_not_administer_a_store_may_not_change_its_rules()
    {
        var store = await NewStoreAsync();
        var (person, ada) = await PersonAsync("ada");
        await KeepOnlyAsync(store.Id, new AddPolicyRequest(store.Id, $"principal:{person.Id}", "/**", ["read", "list"]));
        var before = await Client.ListPoliciesAsync(store.Id);

        await Refused<PermissionDeniedException>(() => ada.AddPolicyAsync(new AddPolicyRequest(store.Id, "*", "/**", ["admin"])), ErrorType.Permission);

        Assert.Equal(before.Select(r => r.Id), (await Client.ListPoliciesAsync(store.Id)).Select(r => r.Id));
    }

    /// <summary>A new member person and a client that authenticates with its key.</summary>
    private async Task<(Principal Person, Engram.Client.IEngramClient Client)> PersonAsync(string name)
    {
        var person = await Client.CreatePrincipalAsync(new CreatePrincipalRequest(PrincipalKind.User, name));
        var key = await Client.CreateApiKeyAsync(new CreateApiKeyRequest(name, person.Id));
        return (person, await Target.ConnectAsync(key.Secret));
    }

    /// <summary>Replaces the store's own rules (its defaults) by <paramref name="rules"/>.</summary>
    private async Task KeepOnlyAsync(string storeId, params AddPolicyRequest[] rules)
    {
        foreach (var rule in await Client.ListPoliciesAsync(storeId))
        {
            if (rule.StoreId == storeId)
            {
                await Client.RemovePolicyAsync(rule.Id);
            }
        }

        foreach (var rule in rules)
        {
            await Client.AddPolicyAsync(rule);
        }
    }
}
