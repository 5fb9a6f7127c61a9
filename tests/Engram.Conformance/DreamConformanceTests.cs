using System.Text.Json;
using Engram.Client;
using Engram.Dreaming.Dreams;
using Engram.Errors;
using Engram.Memories;
using Engram.Sessions;

namespace Engram.Conformance;

/// <summary>
/// The dreams port's contract for dreams at rest: created pending with their inputs, got and listed newest first,
/// canceled, archived out of the default list. The target runs no dream on its own, so a pending dream stays pending.
/// </summary>
public abstract class DreamConformanceTests : ConformanceSuite
{
    [Fact]
    public async Task A_created_dream_is_pending_with_its_inputs_and_reads_back_the_same()
    {
        var store = await NewStoreAsync();
        var sessions = await DreamFleet.RecordAsync(Client, 2, []);

        var created = await Client.CreateDreamAsync(DreamFleet.Request(store.Id, sessions, "keep it short"));

        Assert.Equal((DreamStatus.Pending, store.Id, "keep it short", DreamOutputBehavior.CreateNew), (created.Status, created.StoreId, created.Instructions, created.OutputBehavior));
        Assert.Equal(sessions, created.Selection.SessionIds);
        var got = await Client.GetDreamAsync(created.Id);
        Assert.Equal((created.Id, created.Status, created.CreatedAt), (got.Id, got.Status, got.CreatedAt));
        Assert.Equal(sessions, got.Selection.SessionIds);
        Assert.Equal(Target.AdminActor, got.CreatedBy);
    }

    [Fact]
    public async Task A_dream_of_an_unknown_store_or_session_is_refused_and_nothing_is_created()
    {
        var store = await NewStoreAsync();
        var sessions = await DreamFleet.RecordAsync(Client, 1, []);

        await Assert.ThrowsAnyAsync<EngramException>(() => Client.CreateDreamAsync(DreamFleet.Request("memstore_01unknown000000000000000", sessions)));
        await Assert.ThrowsAnyAsync<EngramException>(() => Client.CreateDreamAsync(DreamFleet.Request(store.Id, ["sesn_01unknown0000000000000000"])));

        Assert.Empty((await Client.ListDreamsAsync(new DreamListQuery())).Data);
    }

    [Fact]
    public async Task Dreams_list_newest_first_in_pages_and_filter_by_status()
    {
        var store = await NewStoreAsync();
        var sessions = await DreamFleet.RecordAsync(Client, 1, []);
        var made = new List<Dream>();
        for (var i = 0; i < 3; i++)
        {
            made.Add(await Client.CreateDreamAsync(DreamFleet.Request(store.Id, sessions)));
        }

        await Client.CancelDreamAsync(made[1].Id);

        var all = await AllPagesAsync(page => Client.ListDreamsAsync(new DreamListQuery(Limit: 2, Page: page)));
        Assert.Equal(made.Select(d => d.Id).Reverse(), all.Select(d => d.Id));
        var pending = await AllPagesAsync(page => Client.ListDreamsAsync(new DreamListQuery([DreamStatus.Pending], Page: page)));
        Assert.Equal([made[2].Id, made[0].Id], pending.Select(d => d.Id));
    }

    [Fact]
    public async Task A_canceled_dream_ends_canceled_and_canceling_it_again_changes_nothing()
    {
        var store = await NewStoreAsync();
        var dream = await Client.CreateDreamAsync(DreamFleet.Request(store.Id, await DreamFleet.RecordAsync(Client, 1, [])));

        var canceled = await Client.CancelDreamAsync(dream.Id);
        var again = await Client.CancelDreamAsync(dream.Id);

        Assert.Equal(DreamStatus.Canceled, canceled.Status);
        Assert.NotNull(canceled.EndedAt);
        Assert.Equal((DreamStatus.Canceled, canceled.EndedAt), (again.Status, again.EndedAt));
        Assert.Equal(DreamStatus.Canceled, (await Client.GetDreamAsync(dream.Id)).Status);
        Assert.Empty((await Client.ListProposalsAsync(store.Id, new Review.ProposalListQuery())).Data);
    }

    [Fact]
    public async Task An_archived_dream_leaves_the_default_list_and_only_a_finished_dream_can_be_archived()
    {
        var store = await NewStoreAsync();
        var dream = await Client.CreateDreamAsync(DreamFleet.Request(store.Id, await DreamFleet.RecordAsync(Client, 1, [])));
        await Refused<InvalidStateException>(() => Client.ArchiveDreamAsync(dream.Id), ErrorType.InvalidRequest);
        await Client.CancelDreamAsync(dream.Id);

        var archived = await Client.ArchiveDreamAsync(dream.Id);

        Assert.NotNull(archived.ArchivedAt);
        Assert.DoesNotContain((await Client.ListDreamsAsync(new DreamListQuery())).Data, d => d.Id == dream.Id);
        Assert.Contains((await Client.ListDreamsAsync(new DreamListQuery(IncludeArchived: true))).Data, d => d.Id == dream.Id);
    }

    [Fact]
    public async Task A_claim_takes_the_oldest_claimable_dream_and_a_lease_that_ended_passes_to_the_next_claim()
    {
        if (Target.Engine is not { } engine)
        {
            return; // claims are made by a worker inside a node; this target has none in reach
        }

        var store = await NewStoreAsync();
        var sessions = await DreamFleet.RecordAsync(Client, 1, []);
        var first = await Client.CreateDreamAsync(DreamFleet.Request(store.Id, sessions));
        var second = await Client.CreateDreamAsync(DreamFleet.Request(store.Id, sessions));
        var canceled = await Client.CreateDreamAsync(DreamFleet.Request(store.Id, sessions));
        await Client.CancelDreamAsync(canceled.Id);
        var now = engine.Time.GetUtcNow();
        var lease = TimeSpan.FromSeconds(60);
        Task<T> Write<T>(Func<Storage.IStorageWriter, T> work) => engine.Storage.WriteAsync(work, CancellationToken.None);

        var a = await Write(tx => tx.ClaimNextDream("node-a", now, now + lease));
        var b = await Write(tx => tx.ClaimNextDream("node-b", now, now + lease));
        var none = await Write(tx => tx.ClaimNextDream("node-c", now + TimeSpan.FromSeconds(30), now + TimeSpan.FromSeconds(90)));

        Assert.Equal((first.Id, DreamStatus.Pending), (a?.Id, a?.Status));
        Assert.Equal(second.Id, b?.Id);
        Assert.Null(none); // both leases run, and a canceled dream is never claimed
        Assert.Equal(new Storage.DreamLease("node-a", new DateTimeOffset((now + lease).UtcTicks, TimeSpan.Zero)), await Write(tx => tx.GetDreamLease(first.Id)));
        Assert.Null(await Write(tx => tx.GetDreamLease(canceled.Id)));

        // node-a renews; node-b's lease ends, and the next claim takes its dream, running or not.
        Assert.True(await Write(tx => tx.RenewDreamLease(first.Id, "node-a", now + TimeSpan.FromSeconds(120))));
        var later = now + TimeSpan.FromSeconds(61);
        var taken = await Write(tx => tx.ClaimNextDream("node-c", later, later + lease));
        Assert.Equal(second.Id, taken?.Id);
        Assert.False(await Write(tx => tx.RenewDreamLease(second.Id, "node-b", later + lease))); // the old holder finds it lost
        Assert.False(await Write(tx => tx.ReleaseDreamLease(second.Id, "node-b")));
        Assert.Equal("node-c", (await Write(tx => tx.GetDreamLease(second.Id)))?.Holder);
        Assert.Null(await Write(tx => tx.ClaimNextDream("node-d", later, later + lease)));

        // A dream is claimed by id only when it is claimable too (a foreground run's claim).
        Assert.Null(await Write(tx => tx.ClaimDream(first.Id, "node-f", later, later + lease)));
        Assert.Null(await Write(tx => tx.ClaimDream(canceled.Id, "node-f", later, later + lease)));
        Assert.Null(await Write(tx => tx.ClaimDream("drm_01unknown0000000000000000", "node-f", later, later + lease)));

        // A released lease is claimable at once; a finished dream never is.
        Assert.True(await Write(tx => tx.ReleaseDreamLease(first.Id, "node-a")));
        Assert.Equal(first.Id, (await Write(tx => tx.ClaimDream(first.Id, "node-f", later, later + lease)))?.Id);
        Assert.True(await Write(tx => tx.ReleaseDreamLease(first.Id, "node-f")));
        Assert.Equal(first.Id, (await Write(tx => tx.ClaimNextDream("node-d", later, later + lease)))?.Id);
        await Client.CancelDreamAsync(first.Id);
        await Client.CancelDreamAsync(second.Id);
        var end = later + TimeSpan.FromHours(1);
        Assert.Null(await Write(tx => tx.ClaimNextDream("node-e", end, end + lease)));
    }

    [Fact]
    public async Task Concurrent_claims_never_take_one_dream_twice()
    {
        if (Target.Engine is not { } engine)
        {
            return;
        }

        var store = await NewStoreAsync();
        var sessions = await DreamFleet.RecordAsync(Client, 1, []);
        var dreams = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            dreams.Add((await Client.CreateDreamAsync(DreamFleet.Request(store.Id, sessions))).Id);
        }

        var now = engine.Time.GetUtcNow();
        var claims = await Task.WhenAll(Enumerable.Range(0, 16).Select(n => Task.Run(() =>
            engine.Storage.WriteAsync(tx => tx.ClaimNextDream($"node-{n}", now, now + TimeSpan.FromMinutes(1)), CancellationToken.None))));

        var taken = claims.Where(d => d is not null).Select(d => d!.Id).ToList();
        Assert.Equal(dreams.Order(StringComparer.Ordinal), taken.Order(StringComparer.Ordinal));
        for (var n = 0; n < claims.Length; n++)
        {
            if (claims[n] is { } claimed)
            {
                Assert.Equal($"node-{n}", (await engine.Storage.WriteAsync(tx => tx.GetDreamLease(claimed.Id), CancellationToken.None))?.Holder);
            }
        }
    }

    [Fact]
    public async Task Two_workers_run_each_dream_once_each_under_its_own_lease()
    {
        if (Target.Engine is not { } engine)
        {
            return;
        }

        var store = await NewStoreAsync();
        var sessions = await DreamFleet.RecordAsync(Client, 6, [1, 3, 5]);
        var dreams = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            dreams.Add((await Client.CreateDreamAsync(DreamFleet.Request(store.Id, sessions))).Id);
        }

        var failures = new System.Collections.Concurrent.ConcurrentBag<Exception>();
        var options = new DreamWorkerOptions { Failed = (_, e) => failures.Add(e), LeaseLost = (_, e) => failures.Add(e) };
        var workers = new[] { new DreamWorker(engine, options with { WorkerId = "node-a" }), new DreamWorker(engine, options with { WorkerId = "node-b" }) };
        using var stop = new CancellationTokenSource();
        var running = workers.Select(w => Task.Run(() => w.RunAsync(stop.Token))).ToList();
        var done = new List<Dream>();
        foreach (var id in dreams)
        {
            done.Add(await WaitForAsync(id, DreamStatus.Completed));
        }

        await stop.CancelAsync();
        await Task.WhenAll(running);

        Assert.Empty(failures);
        Assert.All(done, d => Assert.Equal((6, 6), (d.Progress.SessionsTotal, d.Progress.SessionsAnalyzed)));
        var proposals = (await AllPagesAsync(page => Client.ListProposalsAsync(store.Id, new Review.ProposalListQuery(Page: page)))).Where(p => p.DreamId is not null).ToList();
        Assert.Equal(proposals.Count, proposals.Select(p => (p.DreamId, p.Origin!.Signature)).Distinct().Count());
        Assert.Equal(done.Sum(d => d.Progress.Proposals), proposals.Count);
        foreach (var id in dreams)
        {
            Assert.Contains((await engine.Storage.WriteAsync(tx => tx.GetDreamLease(id), CancellationToken.None))?.Holder, new[] { "node-a", "node-b" });
        }
    }

    /// <summary>Waits for a dream to reach a status; the bound only keeps a broken worker from hanging the run.</summary>
    private async Task<Dream> WaitForAsync(string dreamId, DreamStatus status)
    {
        for (var i = 0; i < 1_500; i++)
        {
            var dream = await Client.GetDreamAsync(dreamId);
            if (dream.Status == status)
            {
                return dream;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"dream {dreamId} did not become {status}");
    }
}

/// <summary>
/// Sessions recorded through the application interface for dreams to read: each user asks for the tests; in the
/// sessions chosen the agent fails with <c>pytest: command not found</c> and recovers with <c>python -m pytest</c>.
/// </summary>
public static class DreamFleet
{
    /// <summary>The model a dream names; no target configures it, so dreams run on rules alone.</summary>
    public const string Model = "claude-sonnet-4-5";

    /// <summary>Records <paramref name="count"/> sessions (agents <c>agent0</c> to <c>agent2</c> in turn); those numbered in <paramref name="pytestFails"/> (1-based) hit the missing pytest.</summary>
    public static async Task<IReadOnlyList<string>> RecordAsync(IEngramClient client, int count, IReadOnlyCollection<int> pytestFails)
    {
        var ids = new List<string>(count);
        for (var number = 1; number <= count; number++)
        {
            var opened = await client.OpenTranscriptAsync(new OpenTranscriptRequest("events", $"/fleet/{Guid.NewGuid():N}.jsonl", $"agent{number % 3}"));
            await client.AppendEventsAsync(opened.Session.Id, Session(number, pytestFails.Contains(number)));
            ids.Add(opened.Session.Id);
        }

        return ids;
    }

    /// <summary>A dream of <paramref name="storeId"/> over <paramref name="sessions"/> that writes a new store.</summary>
    public static CreateDreamRequest Request(string storeId, IReadOnlyList<string> sessions, string? instructions = null) =>
        new(storeId, new SessionSelection(sessions), new DreamModel(Model), instructions);

    private static List<TranscriptEvent> Session(int number, bool fails)
    {
        var events = new List<TranscriptEvent> { new(TranscriptEventKind.UserMessage, "k0", null, "run the tests") };
        if (fails)
        {
            Bash(events, $"cd /srv/repo{number} && pytest tests/unit -q", $"Exit code 127\n/usr/bin/bash: line {number}: pytest: command not found", isError: true);
            Bash(events, $"cd /srv/repo{number} && python -m pytest tests/unit -q", $"{number} passed in 0.{number}s");
        }
        else
        {
            Bash(events, $"cd /srv/repo{number} && make test", $"{number} passed");
        }

        return events;
    }

    private static void Bash(List<TranscriptEvent> events, string command, string result, bool isError = false)
    {
        var id = $"toolu_{events.Count:D4}";
        events.Add(new TranscriptEvent(TranscriptEventKind.ToolUse, $"k{events.Count}", null, null, id, "Bash", JsonSerializer.Serialize(new { command })));
        events.Add(new TranscriptEvent(TranscriptEventKind.ToolResult, $"k{events.Count}", null, result, id, IsError: isError));
    }
}
