using Engram.Access;
using Engram.Access.Policies;
using Engram.Errors;
using Engram.Memories;

namespace Engram.Tests.Memories;

/// <summary>The one write / propose / refuse decision, as a table: what each caller gets for each operation.</summary>
public sealed class WriteGateTests
{
    private const string StoreId = "memstore_01";

    private static readonly Caller User = new(Actor.User("user_01"), null, PrincipalRole.Member);

    private static readonly MemoryStore Open = new(StoreId, "team", "", new Dictionary<string, string>(), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null);

    private static readonly MemoryStore Archived = Open with { ArchivedAt = DateTimeOffset.UnixEpoch };

    /// <summary>Rules for <see cref="User"/>: (glob, capabilities).</summary>
    private static PolicySet Rules(params (string Glob, Capability Capabilities)[] rules) =>
        new(rules.Select((rule, i) => new PolicyRule(
            $"pol_{i}", StoreId, new PolicySubject("principal:user_01"), PathGlob.Parse(rule.Glob, out _)!, rule.Capabilities, PolicyEffect.Allow, "", DateTimeOffset.UnixEpoch)));

    private static WriteDecision Decide(PolicySet rules, WriteIntent intent, MemoryStore? store = null) => WriteGate.Decide(User, rules, store ?? Open, intent);

    [Fact]
    public void The_wanted_capability_writes_propose_alone_proposes_and_neither_is_refused_as_forbidden()
    {
        var writer = Rules(("/**", Capability.Read | Capability.Create | Capability.Update | Capability.Delete));
        var proposer = Rules(("/**", Capability.Read | Capability.Propose));
        var reader = Rules(("/**", Capability.Read));
        foreach (var intent in new[] { WriteIntent.Create("/a.md"), WriteIntent.Update("/a.md", "mem_1"), WriteIntent.Delete("/a.md", "mem_1"), WriteIntent.Restore("/a.md", "mem_1") })
        {
            Assert.Equal(WriteVerdict.Write, Decide(writer, intent).Verdict);
            Assert.Equal(WriteVerdict.Propose, Decide(proposer, intent).Verdict);
            var refused = Decide(reader, intent);
            Assert.Equal(WriteVerdict.Refuse, refused.Verdict);
            Assert.IsType<PermissionDeniedException>(refused.Refusal);
        }

        Assert.Equal($"you may not delete /a.md in store {StoreId}", Decide(reader, WriteIntent.Delete("/a.md", "mem_1")).Refusal!.Message);
    }

    [Fact]
    public void A_caller_that_may_not_read_the_memory_is_told_it_is_not_found_but_a_create_is_always_forbidden()
    {
        var blind = Rules(("/**", Capability.List));
        Assert.IsType<NotFoundException>(Decide(blind, WriteIntent.Update("/a.md", "mem_1")).Refusal);
        Assert.IsType<NotFoundException>(Decide(blind, WriteIntent.Delete("/a.md", "mem_1")).Refusal);
        var create = Decide(blind, WriteIntent.Create("/a.md")).Refusal;
        Assert.IsType<PermissionDeniedException>(create);
        Assert.Equal($"you may not create /a.md in store {StoreId}", create.Message);

        // Blind proposers still propose: the proposal tells them nothing a reader could not learn.
        Assert.Equal(WriteVerdict.Propose, Decide(Rules(("/**", Capability.Propose)), WriteIntent.Update("/a.md", "mem_1")).Verdict);
    }

    [Fact]
    public void A_rename_needs_update_where_it_is_and_create_where_it_goes_and_proposes_only_with_propose_on_both()
    {
        var both = Rules(("/a/**", Capability.Read | Capability.Update), ("/b/**", Capability.Create));
        Assert.Equal(WriteVerdict.Write, Decide(both, WriteIntent.Rename("/a/x.md", "/b/x.md", "mem_1")).Verdict);

        var onlyHere = Rules(("/a/**", Capability.Read | Capability.Update | Capability.Propose));
        var refused = Decide(onlyHere, WriteIntent.Rename("/a/x.md", "/b/x.md", "mem_1"));
        Assert.Equal(WriteVerdict.Refuse, refused.Verdict);
        Assert.Equal($"you may not create or update /a/x.md -> /b/x.md in store {StoreId}", refused.Refusal!.Message);

        var proposeBoth = Rules(("/a/**", Capability.Read | Capability.Propose), ("/b/**", Capability.Propose));
        Assert.Equal(WriteVerdict.Propose, Decide(proposeBoth, WriteIntent.Rename("/a/x.md", "/b/x.md", "mem_1")).Verdict);
    }

    [Fact]
    public void An_archived_store_takes_no_content_and_files_no_proposal_but_a_writer_may_still_delete_and_redact()
    {
        var writer = Rules(("/**", Capability.Read | Capability.Create | Capability.Update | Capability.Delete | Capability.Redact));
        Assert.IsType<InvalidStateException>(Decide(writer, WriteIntent.Create("/a.md"), Archived).Refusal);
        Assert.IsType<InvalidStateException>(Decide(writer, WriteIntent.Update("/a.md", "mem_1"), Archived).Refusal);
        Assert.Equal(WriteVerdict.Write, Decide(writer, WriteIntent.Delete("/a.md", "mem_1"), Archived).Verdict);
        Assert.Equal(WriteVerdict.Write, Decide(writer, WriteIntent.Redact("/a.md", "memver_1"), Archived).Verdict);

        // Nothing could accept a proposal in an archived store (accepting writes): every proposal is refused as archived, a delete's too.
        var proposer = Rules(("/**", Capability.Read | Capability.Propose));
        foreach (var intent in new[] { WriteIntent.Create("/a.md"), WriteIntent.Update("/a.md", "mem_1"), WriteIntent.Delete("/a.md", "mem_1") })
        {
            var refused = Decide(proposer, intent, Archived);
            Assert.Equal(WriteVerdict.Refuse, refused.Verdict);
            Assert.IsType<InvalidStateException>(refused.Refusal);
        }
    }

    [Fact]
    public void Review_needs_review_on_every_path_a_proposal_writes_and_is_never_proposed()
    {
        var here = Rules(("/a/**", Capability.Read | Capability.Review | Capability.Propose), ("/b/**", Capability.Read));
        var refused = Decide(here, WriteIntent.Review("/a/x.md", ["/b/x.md"], "prop_1", accepting: false));
        Assert.Equal($"you may not review /b/x.md in store {StoreId}, which proposal prop_1 also changes", refused.Refusal!.Message);
        Assert.IsType<NotFoundException>(Decide(Rules(("/a/**", Capability.Read | Capability.Review)), WriteIntent.Review("/a/x.md", ["/b/x.md"], "prop_1", accepting: false)).Refusal);
        Assert.Equal(WriteVerdict.Write, Decide(Rules(("/**", Capability.Read | Capability.Review)), WriteIntent.Review("/a/x.md", ["/b/x.md"], "prop_1", accepting: true)).Verdict);
        Assert.IsType<InvalidStateException>(Decide(Rules(("/**", Capability.Read | Capability.Review)), WriteIntent.Review("/a/x.md", [], "prop_1", accepting: true), Archived).Refusal);
    }
}
