using Engram.Access;
using Engram.Access.Policies;
using Engram.Dreaming.Dreams;
using Engram.Errors;
using Engram.Memories;

namespace Engram.Tests.Dreaming.Dreams;

public sealed class DreamCreateTests
{
    public static TheoryData<string, Func<CreateDreamRequest, CreateDreamRequest>> BadRequests => new()
    {
        { "inputs[0].memory_store_id", r => r with { StoreId = "store_1" } },
        { "instructions", r => r with { Instructions = "" } },
        { "instructions", r => r with { Instructions = new string('x', 4_097) } },
        { "model.id", r => r with { Model = new DreamModel("") } },
        { "model.id", r => r with { Model = new DreamModel(new string('m', 257)) } },
        { "model.speed", r => r with { Model = new DreamModel("claude-sonnet-4-5", "fast") } },
        { "output_behavior.memory_store_id", r => r with { OutputBehavior = DreamOutputBehavior.UpdateExisting, UpdateStoreId = "memstore_other" } },
        { "output_behavior.memory_store_id", r => r with { OutputBehavior = DreamOutputBehavior.UpdateExisting, UpdateStoreId = null } },
        { "output_behavior.memory_store_id", r => r with { UpdateStoreId = r.StoreId } },
        { "output_behavior.type", r => r with { OutputBehavior = (DreamOutputBehavior)7 } },
        { "inputs[1].session_ids[1]", r => r with { Selection = new SessionSelection([r.Selection.SessionIds[0], "session_2"]) } },
        { "inputs[1].session_ids[1]", r => r with { Selection = new SessionSelection([r.Selection.SessionIds[0], "sesn_unknown"]) } },
        { "inputs[1].filter.agent", r => r with { Selection = new SessionSelection([], Agent: "Not An Agent") } },
        { "inputs[1].filter.memory_store_id", r => r with { Selection = new SessionSelection([], AttachedStoreId: "nope") } },
        // No ids and no filter: the request chooses no sessions at all (the same field on every face; before, the library named inputs[1]).
        { "inputs[1].session_ids", r => r with { Selection = new SessionSelection([]) } },
        // A repeated id is refused, not quietly dropped: the library used to de-duplicate what the server refused.
        { "inputs[1].session_ids[1]", r => r with { Selection = new SessionSelection([r.Selection.SessionIds[0], r.Selection.SessionIds[0]]) } },
        { "inputs[1]", r => r with { Selection = new SessionSelection([], Agent: "nobody") } },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task An_invalid_request_is_refused_naming_the_field_and_writes_no_dream(string field, Func<CreateDreamRequest, CreateDreamRequest> spoil)
    {
        await using var world = await DreamWorld.StartAsync();
        var sessions = await world.FleetAsync(1, new HashSet<int>());

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => world.Dreams.CreateAsync(world.Admin, spoil(world.Request(sessions)), CancellationToken.None));

        Assert.Equal(field, error.Field);
        Assert.Empty((await world.Dreams.ListAsync(world.Admin, new DreamListQuery(IncludeArchived: true), CancellationToken.None)).Data);
    }

    [Fact]
    public async Task A_valid_request_is_pending_with_its_sessions_counted_and_audited()
    {
        await using var world = await DreamWorld.StartAsync();
        var sessions = await world.FleetAsync(3, new HashSet<int>());

        var dream = await world.Dreams.CreateAsync(world.Admin, world.Request(sessions) with { Instructions = "focus on test tooling" }, CancellationToken.None);

        Assert.Equal(DreamStatus.Pending, dream.Status);
        Assert.Equal(3, dream.Progress.SessionsTotal);
        Assert.Null(dream.OutputStoreId);
        var stored = await world.Dreams.GetAsync(world.Admin, dream.Id, CancellationToken.None);
        Assert.Equal(dream with { Selection = stored.Selection }, stored);
        Assert.Equal(sessions, stored.Selection.SessionIds);
        var audit = await world.Engine.Audit.ListAsync(world.Admin, new Engram.Access.Audit.AuditQuery(Action: "dream.create"), CancellationToken.None);
        Assert.Equal(dream.Id, Assert.Single(audit.Data).Target);
    }

    [Fact]
    public async Task A_store_the_caller_cannot_see_is_not_found()
    {
        await using var world = await DreamWorld.StartAsync();
        var sessions = await world.FleetAsync(1, new HashSet<int>());
        var member = await world.MemberAsync("mia");
        var own = await world.FleetAsync(1, new HashSet<int>(), member);

        var missing = await Assert.ThrowsAsync<NotFoundException>(() => world.Dreams.CreateAsync(world.Admin, world.Request(sessions) with { StoreId = "memstore_missing" }, CancellationToken.None));
        Assert.Equal("memory_store", missing.Kind);

        // A store whose rules grant the member nothing does not exist for it.
        var hidden = await world.Engine.Memories.CreateStoreAsync(world.Admin, new CreateStoreRequest("hidden"), CancellationToken.None);
        foreach (var rule in await world.Engine.Access.ListPoliciesAsync(world.Admin, hidden.Id, CancellationToken.None))
        {
            if (rule.StoreId == hidden.Id)
            {
                await world.Engine.Access.RemovePolicyAsync(world.Admin, rule.Id, CancellationToken.None);
            }
        }

        await Assert.ThrowsAsync<NotFoundException>(() => world.Dreams.CreateAsync(member, world.Request(own) with { StoreId = hidden.Id }, CancellationToken.None));
    }

    [Fact]
    public async Task A_session_another_member_recorded_is_refused_as_not_found_in_the_request()
    {
        await using var world = await DreamWorld.StartAsync();
        var adminSessions = await world.FleetAsync(1, new HashSet<int>());
        var member = await world.MemberAsync("mia");
        var own = await world.FleetAsync(1, new HashSet<int>(), member);

        var error = await Assert.ThrowsAsync<InvalidRequestException>(
            () => world.Dreams.CreateAsync(member, world.Request([own[0], adminSessions[0]]), CancellationToken.None));

        Assert.Equal("inputs[1].session_ids[1]", error.Field);
        Assert.Contains("was not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_existing_needs_write_or_propose_in_the_store()
    {
        await using var world = await DreamWorld.StartAsync();
        var member = await world.MemberAsync("rita");
        var own = await world.FleetAsync(1, new HashSet<int>(), member);
        await world.Engine.Access.AddPolicyAsync(world.Admin, new AddPolicyRequest(world.StoreId, $"principal:{member.Actor.Id}", "/**", ["create", "update", "delete", "propose", "admin"], "deny"), CancellationToken.None);

        await Assert.ThrowsAsync<PermissionDeniedException>(() => world.Dreams.CreateAsync(member, world.Request(own, DreamOutputBehavior.UpdateExisting), CancellationToken.None));
        var created = await world.Dreams.CreateAsync(member, world.Request(own), CancellationToken.None);
        Assert.Equal(DreamStatus.Pending, created.Status);
    }

    [Fact]
    public async Task A_filter_selects_the_callers_sessions_with_a_transcript_and_unions_with_ids_in_recorded_order()
    {
        await using var world = await DreamWorld.StartAsync();
        var member = await world.MemberAsync("mia");
        var early = await world.SessionAsync("builder", DreamWorld.PytestSession(1, false), member);
        var since = world.Time.GetUtcNow().AddMilliseconds(500);
        var other = await world.SessionAsync("reviewer", DreamWorld.PytestSession(2, false), member);
        var late = await world.SessionAsync("builder", DreamWorld.PytestSession(3, false), member);
        await world.SessionAsync("builder", DreamWorld.PytestSession(4, false)); // the admin's: not the member's to read
        await world.SessionAsync("builder", [], member); // no transcript events, but a transcript: selected by a filter

        // An id the filter also selects counts once. (An id repeated in the list itself is refused: BadRequests.)
        var dream = await world.Dreams.CreateAsync(member, world.Request([late, early]) with { Selection = new SessionSelection([late, early], since, "builder") }, CancellationToken.None);
        var byFilter = await world.Dreams.CreateAsync(member, world.Request([]) with { Selection = new SessionSelection([], since, "reviewer") }, CancellationToken.None);

        Assert.Equal(3, dream.Progress.SessionsTotal);
        Assert.Equal(early, (await SessionsOf(world, dream.Id))[0]);
        Assert.Equal(late, (await SessionsOf(world, dream.Id))[1]);
        Assert.Equal([other], await SessionsOf(world, byFilter.Id));
    }

    [Fact]
    public async Task Update_existing_on_a_store_another_unfinished_dream_updates_is_a_conflict_until_that_dream_ends()
    {
        await using var world = await DreamWorld.StartAsync();
        var sessions = await world.FleetAsync(2, new HashSet<int>());
        var first = await world.Dreams.CreateAsync(world.Admin, world.Request(sessions, DreamOutputBehavior.UpdateExisting), CancellationToken.None);

        var held = await Assert.ThrowsAsync<DreamStoreHeldException>(() => world.Dreams.CreateAsync(world.Admin, world.Request(sessions, DreamOutputBehavior.UpdateExisting), CancellationToken.None));
        Assert.Equal(ErrorType.Conflict, held.Type);
        Assert.Equal(first.Id, held.HolderDreamId);
        Assert.Contains(first.Id, held.Message, StringComparison.Ordinal);

        // create_new does not write the input, so it is not held.
        await world.Dreams.CreateAsync(world.Admin, world.Request(sessions), CancellationToken.None);

        await world.Dreams.CancelAsync(world.Admin, first.Id, CancellationToken.None);
        var second = await world.Dreams.CreateAsync(world.Admin, world.Request(sessions, DreamOutputBehavior.UpdateExisting), CancellationToken.None);
        await Assert.ThrowsAsync<DreamStoreHeldException>(() => world.Dreams.CreateAsync(world.Admin, world.Request(sessions, DreamOutputBehavior.UpdateExisting), CancellationToken.None));

        Assert.Equal(DreamStatus.Completed, (await world.Engine.DreamRunner.RunAsync(second.Id, null, CancellationToken.None)).Status);
        var third = await world.Dreams.CreateAsync(world.Admin, world.Request(sessions, DreamOutputBehavior.UpdateExisting), CancellationToken.None);
        Assert.Equal(DreamStatus.Pending, third.Status);
    }

    [Fact]
    public async Task Concurrent_update_existing_creates_on_one_store_let_exactly_one_through()
    {
        await using var world = await DreamWorld.StartAsync();
        var sessions = await world.FleetAsync(1, new HashSet<int>());

        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            try
            {
                return await world.Dreams.CreateAsync(world.Admin, world.Request(sessions, DreamOutputBehavior.UpdateExisting), CancellationToken.None);
            }
            catch (DreamStoreHeldException)
            {
                return null;
            }
        }));

        Assert.Single(attempts, a => a is not null);
    }

    internal static async Task<List<string>> SessionsOf(DreamWorld world, string dreamId)
    {
        var rows = await world.Engine.Storage.ListDreamSessionsAsync(dreamId, Engram.Storage.DreamSessionState.Unanalyzed, -1, 1_000, CancellationToken.None);
        return [.. rows.Select(r => r.SessionId)];
    }
}
