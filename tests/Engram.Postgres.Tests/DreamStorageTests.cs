using System.Text.Json;
using Engram.Access;
using Engram.Dreaming.Dreams;
using Engram.Sessions;
using Engram.Storage;

namespace Engram.Postgres.Tests;

/// <summary>The dreams port on PostgreSQL, called directly, with two nodes on one database.</summary>
public sealed class DreamStorageTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    /// <summary>How long a racing unit waits between its read and its write: without the row locks, every racer would pass the check.</summary>
    private static readonly TimeSpan ReadToWrite = TimeSpan.FromMilliseconds(150);

    [Fact]
    public async Task A_dream_reads_back_as_written_and_lists_newest_first_by_status_creator_and_archive()
    {
        await using var nodes = await StorageNodes.StartAsync();
        var first = Dream("drm_1", T0) with
        {
            Instructions = "keep it short", Selection = new SessionSelection(["sesn_1"], T0.AddDays(-1), "claude", "memstore_1", All: true),
            ApiKeyId = "key_1", Analysis = "rules", Degraded = new DreamError("model_error", "no answer"),
            Progress = new DreamProgress("analyzing", 3, 1, 0) { TokenBudgetReached = true }, Usage = new DreamUsage(1, 2, 3, 4),
        };
        var second = Dream("drm_2", T0.AddSeconds(1)) with { CreatedBy = Actor.ServiceAccount("sa_1") };
        var third = Dream("drm_3", T0.AddSeconds(2)) with { Status = DreamStatus.Completed, ArchivedAt = T0.AddHours(1), EndedAt = T0.AddMinutes(5) };
        await nodes.A.WriteAsync(tx =>
        {
            tx.InsertDream(first, ["sesn_1", "sesn_2", "sesn_3"]);
            tx.InsertDream(second, []);
            tx.InsertDream(third, []);
            return true;
        }, CancellationToken.None);

        Assert.Equal(Json(first), Json(await nodes.B.GetDreamAsync("drm_1", CancellationToken.None)));
        Assert.Equal(Json(first), Json(await nodes.B.WriteAsync(tx => tx.GetDream("drm_1"), CancellationToken.None)));
        Assert.Null(await nodes.B.GetDreamAsync("drm_9", CancellationToken.None));
        Assert.Equal(["drm_2", "drm_1"], await Ids(new DreamFilter(null, false, null, null, null), null));
        Assert.Equal(["drm_3", "drm_2", "drm_1"], await Ids(new DreamFilter(null, true, null, null, null), null));
        Assert.Equal(["drm_1"], await Ids(new DreamFilter(null, true, null, null, null), new TimeIdCursor(second.CreatedAt, second.Id)));
        Assert.Equal(["drm_3"], await Ids(new DreamFilter([DreamStatus.Completed, DreamStatus.Failed], true, null, null, null), null));
        Assert.Equal(["drm_2"], await Ids(new DreamFilter(null, true, T0, T0.AddSeconds(2), null), null));
        Assert.Equal(["drm_2"], await Ids(new DreamFilter(null, true, null, null, Actor.ServiceAccount("sa_1")), null));
        Assert.Empty(await Ids(new DreamFilter(null, true, null, null, Actor.User("sa_1")), null));
        Assert.Equal(["drm_1", "drm_2"], await nodes.B.ListDreamIdsAsync(DreamStatus.Pending, 10, CancellationToken.None));

        var updated = first with { Status = DreamStatus.Failed, Error = new DreamError("internal_error", "stopped"), EndedAt = T0.AddMinutes(1), Degraded = null };
        await nodes.B.WriteAsync(tx =>
        {
            tx.UpdateDream(updated);
            return true;
        }, CancellationToken.None);
        Assert.Equal(Json(updated), Json(await nodes.A.GetDreamAsync("drm_1", CancellationToken.None)));

        async Task<IEnumerable<string>> Ids(DreamFilter filter, TimeIdCursor? after) =>
            (await nodes.B.ListDreamsAsync(filter, after, 10, CancellationToken.None)).Select(d => d.Id);
    }

    [Fact]
    public async Task A_dreams_sessions_are_analysed_once_read_by_a_model_once_and_its_patterns_replaced()
    {
        await using var nodes = await StorageNodes.StartAsync();
        var started = T0.AddHours(-2);
        await nodes.A.WriteAsync(tx =>
        {
            tx.InsertTranscriptSession(
                new AgentSession("sesn_1", "claude", "", new Dictionary<string, string>(), [], Actor.User("usr_a"), T0, T0),
                new SessionTranscript("sesn_1", "claude-code", "usr_a:/t.jsonl", 0, null, new TranscriptMetadata(StartedAt: started, Project: "owner/repo"), 0));
            tx.InsertDream(Dream("drm_1", T0), ["sesn_1", "sesn_gone", "sesn_1"]);
            return true;
        }, CancellationToken.None);

        var unanalyzed = await nodes.B.ListDreamSessionsAsync("drm_1", DreamSessionState.Unanalyzed, -1, 10, CancellationToken.None);
        Assert.Equal([0, 1, 2], unanalyzed.Select(s => s.Ordinal));
        Assert.Equal(new DreamSessionEntry(0, "sesn_1", "claude", started, null, null) { RecordedAt = T0, Project = "owner/repo" }, unanalyzed[0]);
        Assert.Equal(new DreamSessionEntry(1, "sesn_gone", null, null, null, null), unanalyzed[1]);

        var recorded = await nodes.B.WriteAsync(
            tx => tx.RecordDreamAnalyses("drm_1", [new(0, """{"a":0}""", 2), new(1, """{"a":1}""", 0), new(0, """{"a":"again"}""", 5)]), CancellationToken.None);
        Assert.Equal(2, recorded);
        Assert.Equal(0, await nodes.A.WriteAsync(tx => tx.RecordDreamAnalyses("drm_1", [new(1, """{"a":"twice"}""", 9)]), CancellationToken.None));
        Assert.Equal([2], (await nodes.A.ListDreamSessionsAsync("drm_1", DreamSessionState.Unanalyzed, -1, 10, CancellationToken.None)).Select(s => s.Ordinal));
        Assert.Equal(
            [new DreamSessionEntry(0, "sesn_1", null, null, """{"a":0}""", null), new DreamSessionEntry(1, "sesn_gone", null, null, """{"a":1}""", null)],
            await nodes.A.ListDreamSessionsAsync("drm_1", DreamSessionState.Analyzed, -1, 10, CancellationToken.None));
        Assert.Equal([0], (await nodes.A.ListDreamSessionsAsync("drm_1", DreamSessionState.AwaitingModel, -1, 10, CancellationToken.None)).Select(s => s.Ordinal));

        await nodes.A.WriteAsync(tx =>
        {
            tx.RecordDreamFindings("drm_1", [new(0, "[]")]);
            tx.RecordDreamFindings("drm_1", [new(0, "[1]")]);
            return true;
        }, CancellationToken.None);
        Assert.Empty(await nodes.B.ListDreamSessionsAsync("drm_1", DreamSessionState.AwaitingModel, -1, 10, CancellationToken.None));
        Assert.Equal("[]", (await nodes.B.ListDreamSessionsAsync("drm_1", DreamSessionState.Analyzed, -1, 1, CancellationToken.None))[0].Findings);

        await nodes.A.WriteAsync(tx =>
        {
            tx.RecordDreamPatterns("drm_1", ["p0", "p1", "p2"]);
            tx.RecordDreamPatterns("drm_1", ["q0", "q1"]);
            return true;
        }, CancellationToken.None);
        Assert.Equal([new DreamPatternEntry(1, "q1")], await nodes.B.ListDreamPatternsAsync("drm_1", 0, 10, CancellationToken.None));
        Assert.Equal(2, (await nodes.B.ListDreamPatternsAsync("drm_1", -1, 10, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Naming_a_dreams_copy_moves_the_policy_epoch_once_and_the_copy_is_listed_with_its_source()
    {
        await using var nodes = await StorageNodes.StartAsync();
        await nodes.CreateStoreAsync("memstore_in");
        await nodes.CreateStoreAsync("memstore_copy");
        var dream = Dream("drm_1", T0) with { StoreId = "memstore_in", OutputBehavior = DreamOutputBehavior.CreateNew };
        await nodes.A.WriteAsync(tx =>
        {
            tx.InsertDream(dream, []);
            tx.UpdateDream(dream with { Status = DreamStatus.Running });
            return true;
        }, CancellationToken.None);
        Assert.Equal(0, await nodes.B.GetPolicyEpochAsync(CancellationToken.None));

        for (var i = 0; i < 2; i++)
        {
            await nodes.A.WriteAsync(tx =>
            {
                tx.UpdateDream(dream with { Status = DreamStatus.Completed, OutputStoreId = "memstore_copy" });
                return true;
            }, CancellationToken.None);
            Assert.Equal(1, await nodes.B.GetPolicyEpochAsync(CancellationToken.None));
        }

        Assert.Equal(new Dictionary<string, string> { ["memstore_copy"] = "memstore_in" }, await nodes.B.ListStoreSourcesAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Two_runners_on_two_nodes_record_each_analysis_once_and_count_it_once()
    {
        await using var nodes = await StorageNodes.StartAsync();
        const int Sessions = 60;
        await nodes.A.WriteAsync(tx =>
        {
            tx.InsertDream(Dream("drm_1", T0) with { Status = DreamStatus.Running }, [.. Enumerable.Range(0, Sessions).Select(i => $"sesn_{i}")]);
            return true;
        }, CancellationToken.None);

        // Three runners per node record batches of 10, half of them offset by 5: every batch overlaps others (the last offset
        // batch names 5 ordinals the dream does not have).
        var runners = Enumerable.Range(0, 6).Select(r => Task.Run(async () =>
        {
            var sum = 0;
            for (var start = r % 2 == 0 ? 0 : 5; start < Sessions; start += 10)
            {
                var batch = Enumerable.Range(start, 10).Select(o => new DreamSessionAnalysis(o, $$"""{"runner":{{r}}}""", 1)).ToArray();
                sum += await (r % 2 == 0 ? nodes.A : nodes.B).WriteAsync(tx =>
                {
                    var dream = tx.GetDream("drm_1")!;
                    if (dream.Status != DreamStatus.Running)
                    {
                        return 0;
                    }

                    var recorded = tx.RecordDreamAnalyses(dream.Id, batch);
                    tx.UpdateDream(dream with { Progress = dream.Progress with { SessionsAnalyzed = dream.Progress.SessionsAnalyzed + recorded } });
                    return recorded;
                }, CancellationToken.None);
            }

            return sum;
        }));
        var total = (await Task.WhenAll(runners)).Sum();

        // The raw port call, without the runner's read of the dream first, counts only what it wrote too.
        var again = await Task.WhenAll(nodes.A.WriteAsync(tx => tx.RecordDreamAnalyses("drm_1", [new(Sessions + 0, "{}", 0)]), CancellationToken.None),
            nodes.B.WriteAsync(tx => tx.RecordDreamAnalyses("drm_1", [new(Sessions + 0, "{}", 0)]), CancellationToken.None));

        Assert.Equal(Sessions, total);
        Assert.Equal(Sessions, (await nodes.B.GetDreamAsync("drm_1", CancellationToken.None))!.Progress.SessionsAnalyzed);
        Assert.Equal(Sessions, (await nodes.B.ListDreamSessionsAsync("drm_1", DreamSessionState.Analyzed, -1, 1_000, CancellationToken.None)).Count);
        Assert.Equal(0, again.Sum()); // ordinal 60 is not one of the dream's sessions
    }

    [Fact]
    public async Task A_dreams_final_write_is_made_once_when_two_nodes_race_to_finish_it()
    {
        await using var nodes = await StorageNodes.StartAsync();
        await nodes.A.WriteAsync(tx =>
        {
            tx.InsertDream(Dream("drm_1", T0) with { Status = DreamStatus.Running }, []);
            return true;
        }, CancellationToken.None);

        var finishes = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => (i % 2 == 0 ? nodes.A : nodes.B).WriteAsync(tx =>
        {
            var dream = tx.GetDream("drm_1")!;
            if (dream.Status != DreamStatus.Running)
            {
                return false;
            }

            Thread.Sleep(ReadToWrite);

            tx.UpdateDream(dream with { Status = DreamStatus.Completed, Progress = dream.Progress with { Proposals = dream.Progress.Proposals + 1 } });
            return true;
        }, CancellationToken.None))));

        Assert.Single(finishes, won => won);
        Assert.Equal(1, (await nodes.A.GetDreamAsync("drm_1", CancellationToken.None))!.Progress.Proposals);
    }

    [Fact]
    public async Task Two_nodes_creating_update_existing_dreams_on_one_store_at_once_create_one()
    {
        await using var nodes = await StorageNodes.StartAsync();
        var store = await nodes.CreateStoreAsync("memstore_1");
        var creates = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => (i % 2 == 0 ? nodes.A : nodes.B).WriteAsync(tx =>
        {
            if (tx.FindUnfinishedDreamWriting(store) is not null)
            {
                return false;
            }

            Thread.Sleep(ReadToWrite);

            tx.InsertDream(Dream($"drm_{i}", T0.AddSeconds(i)) with { StoreId = store }, []);
            return true;
        }, CancellationToken.None))));

        Assert.Single(creates, created => created);
        Assert.Single(await nodes.A.ListDreamsAsync(new DreamFilter(null, true, null, null, null), null, 10, CancellationToken.None));
    }

    private static Dream Dream(string id, DateTimeOffset at) => new(
        id, DreamStatus.Pending, "memstore_1", new SessionSelection([]), null, new DreamModel("claude-x"), DreamOutputBehavior.UpdateExisting, null,
        DreamUsage.None, null, DreamProgress.NotStarted, Actor.User("usr_a"), at, null, null);

    private static string Json(object? value) => JsonSerializer.Serialize(value);
}
