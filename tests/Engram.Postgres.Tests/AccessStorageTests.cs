using Engram.Access;
using Engram.Access.Policies;
using Microsoft.Extensions.Time.Testing;

namespace Engram.Postgres.Tests;

/// <summary>The access port on PostgreSQL, called directly, with two nodes on one database.</summary>
public sealed class AccessStorageTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_key_is_found_by_its_hash_with_its_principal_and_a_revoked_key_is_still_found()
    {
        await using var nodes = await StorageNodes.StartAsync();
        var alice = new Principal("usr_alice", PrincipalKind.User, "alice", PrincipalRole.Member, T0);
        var robot = new Principal("sa_robot", PrincipalKind.ServiceAccount, "robot", PrincipalRole.Admin, T0.AddTicks(1));
        var key = new ApiKey("key_1", alice.Id, "laptop", "ek_…abcd", T0.AddSeconds(1), null);
        var other = new ApiKey("key_2", robot.Id, "ci", "ek_…wxyz", T0.AddSeconds(2), null);
        await nodes.A.WriteAsync(tx =>
        {
            tx.InsertPrincipal(alice);
            tx.InsertPrincipal(robot);
            tx.InsertApiKey(key, "hash-1");
            tx.InsertApiKey(other, "hash-2");
            return true;
        }, CancellationToken.None);

        var found = await nodes.B.FindApiKeyAsync("hash-1", CancellationToken.None);
        Assert.Equal((key, alice), found);
        Assert.Null(await nodes.B.FindApiKeyAsync("key_1", CancellationToken.None));
        Assert.Equal([robot, alice], await nodes.B.ListPrincipalsAsync(CancellationToken.None));
        Assert.Equal([other, key], await nodes.B.ListApiKeysAsync(null, CancellationToken.None));
        Assert.Equal([key], await nodes.B.ListApiKeysAsync(alice.Id, CancellationToken.None));
        Assert.Equal(robot, await nodes.B.WriteAsync(tx => tx.GetPrincipal(robot.Id), CancellationToken.None));
        Assert.Null(await nodes.B.WriteAsync(tx => tx.GetPrincipal("usr_nobody"), CancellationToken.None));

        await nodes.B.WriteAsync(tx =>
        {
            tx.RevokeApiKey(key.Id, T0.AddMinutes(1));
            return true;
        }, CancellationToken.None);
        Assert.Equal(key with { RevokedAt = T0.AddMinutes(1) }, (await nodes.A.FindApiKeyAsync("hash-1", CancellationToken.None))?.Key);
        Assert.Equal(key with { RevokedAt = T0.AddMinutes(1) }, await nodes.A.WriteAsync(tx => tx.GetApiKey(key.Id), CancellationToken.None));
        Assert.Equal(0L, await nodes.ScalarAsync("SELECT count(*) FROM api_keys WHERE secret_sha256 NOT LIKE 'hash-%'"));
    }

    [Fact]
    public async Task Every_rule_and_group_change_moves_the_one_epoch_every_node_reads()
    {
        await using var nodes = await StorageNodes.StartAsync();
        var rule = Rule("pol_1", "memstore_1", "group:writers", "/notes/**", ["read", "create"], "deny");
        Assert.Equal(0, await nodes.B.GetPolicyEpochAsync(CancellationToken.None));
        Assert.Equal(0L, await nodes.ScalarAsync("SELECT count(*) FROM settings")); // made by the first change, so a copied deployment's epoch fits

        await nodes.A.WriteAsync(tx =>
        {
            tx.InsertPrincipal(new Principal("usr_alice", PrincipalKind.User, "alice", PrincipalRole.Member, T0));
            tx.InsertPolicyRule(rule);
            return true;
        }, CancellationToken.None);
        Assert.Equal(1, await nodes.B.GetPolicyEpochAsync(CancellationToken.None));
        var listed = Assert.Single(await nodes.B.ListPolicyRulesAsync(CancellationToken.None));
        Assert.Equal((rule.Id, rule.StoreId, rule.Subject, rule.Path.Pattern, rule.Capabilities, rule.Effect, rule.Description, rule.CreatedAt),
            (listed.Id, listed.StoreId, listed.Subject, listed.Path.Pattern, listed.Capabilities, listed.Effect, listed.Description, listed.CreatedAt));
        Assert.Equal(rule.Id, (await nodes.B.WriteAsync(tx => tx.GetPolicyRule(rule.Id), CancellationToken.None))?.Id);

        await nodes.B.WriteAsync(tx =>
        {
            tx.SetGroups("usr_alice", ["writers", "readers"]);
            return true;
        }, CancellationToken.None);
        Assert.Equal(2, await nodes.A.GetPolicyEpochAsync(CancellationToken.None));
        Assert.Equal(["readers", "writers"], (await nodes.A.GetGroupsAsync("usr_alice", CancellationToken.None)).Order(StringComparer.Ordinal));
        Assert.Empty(await nodes.A.GetGroupsAsync("usr_nobody", CancellationToken.None));

        await nodes.A.WriteAsync(tx =>
        {
            tx.DeletePolicyRule(rule.Id);
            return true;
        }, CancellationToken.None);
        Assert.Equal(3, await nodes.B.GetPolicyEpochAsync(CancellationToken.None));
        Assert.Empty(await nodes.B.ListPolicyRulesAsync(CancellationToken.None));
        Assert.Null(await nodes.B.WriteAsync(tx => tx.GetPolicyRule(rule.Id), CancellationToken.None));
    }

    [Fact]
    public async Task A_rule_added_on_one_node_decides_on_the_other_once_its_cache_rechecks_the_epoch()
    {
        await using var nodes = await StorageNodes.StartAsync();
        await nodes.CreateStoreAsync("memstore_1");
        var time = new FakeTimeProvider(T0);
        var onB = new PolicyStore(nodes.B, time);
        var reader = new Caller(Actor.User("usr_alice"), "key_1", PrincipalRole.Member);
        Assert.Equal(Capability.None, (await onB.CurrentAsync(CancellationToken.None)).Evaluate(reader, "memstore_1", "/notes/a.md"));

        await nodes.A.WriteAsync(tx =>
        {
            tx.InsertPolicyRule(Rule("pol_1", "memstore_1", "*", "/notes/**", ["read"], "allow"));
            return true;
        }, CancellationToken.None);

        // Within the recheck interval node B answers from its cache; the first check after it reads the new epoch.
        Assert.Equal(Capability.None, (await onB.CurrentAsync(CancellationToken.None)).Evaluate(reader, "memstore_1", "/notes/a.md"));
        time.Advance(PolicyStore.RecheckInterval);
        Assert.Equal(Capability.Read, (await onB.CurrentAsync(CancellationToken.None)).Evaluate(reader, "memstore_1", "/notes/a.md"));
    }

    [Fact]
    public async Task Concurrent_group_replacements_on_two_nodes_leave_one_of_them_and_count_every_epoch_step()
    {
        await using var nodes = await StorageNodes.StartAsync();
        await nodes.A.WriteAsync(tx =>
        {
            tx.InsertPrincipal(new Principal("usr_alice", PrincipalKind.User, "alice", PrincipalRole.Member, T0));
            return true;
        }, CancellationToken.None);

        const int Rounds = 25;
        string[][] sets = [["a", "b"], ["c", "d", "e"]];
        for (var round = 0; round < Rounds; round++)
        {
            await Task.WhenAll(Replace(nodes.A, sets[0]), Replace(nodes.B, sets[1]));
            var groups = (await nodes.A.GetGroupsAsync("usr_alice", CancellationToken.None)).Order(StringComparer.Ordinal).ToArray();
            Assert.Contains(sets, set => set.SequenceEqual(groups));
        }

        Assert.Equal(2 * Rounds, await nodes.B.GetPolicyEpochAsync(CancellationToken.None));

        static Task<bool> Replace(PostgresStorage node, string[] groups) => node.WriteAsync(tx =>
        {
            _ = tx.GetPrincipal("usr_alice");
            tx.SetGroups("usr_alice", groups);
            return true;
        }, CancellationToken.None);
    }

    private static PolicyRule Rule(string id, string? storeId, string subject, string path, string[] capabilities, string effect) =>
        PolicyRules.Create(new AddPolicyRequest(storeId, subject, path, capabilities, effect, "test"), id, T0);
}
