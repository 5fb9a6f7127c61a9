using System.Text.Json;
using Engram.Access;
using Engram.Sessions;
using Engram.Storage;

namespace Engram.Postgres.Tests;

/// <summary>The sessions port on PostgreSQL, called directly, with two nodes on one database.</summary>
public sealed class SessionStorageTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_live_session_is_found_by_its_token_hash_with_its_attachments_listed_newest_first_and_ended_once()
    {
        await using var nodes = await StorageNodes.StartAsync();
        var first = Session("sesn_1", T0, new SessionAttachment("memstore_b", AttachmentAccess.ReadOnly, "look only"), new SessionAttachment("memstore_a", AttachmentAccess.ReadWrite, ""));
        var second = Session("sesn_2", T0.AddSeconds(1)) with { CreatedBy = null, Metadata = new Dictionary<string, string> { ["k"] = "v" } };
        await nodes.A.WriteAsync(tx =>
        {
            tx.InsertSession(first, "token-hash-1");
            tx.InsertSession(second, "token-hash-2");
            return true;
        }, CancellationToken.None);

        var sorted = first with { Stores = [.. first.Stores.OrderBy(s => s.StoreId, StringComparer.Ordinal)] };
        Assert.Equal(Json(sorted), Json(await nodes.B.FindSessionByTokenAsync("token-hash-1", CancellationToken.None)));
        Assert.Null(await nodes.B.FindSessionByTokenAsync("sesn_1", CancellationToken.None));
        Assert.Equal(Json(second), Json(await nodes.B.GetSessionAsync("sesn_2", CancellationToken.None)));
        Assert.Equal(Json(sorted), Json(await nodes.B.WriteAsync(tx => tx.GetSession("sesn_1"), CancellationToken.None)));
        Assert.Equal(Json(new[] { second, sorted }), Json(await nodes.B.ListSessionsAsync(null, 10, CancellationToken.None)));
        Assert.Equal(Json(new[] { sorted }), Json(await nodes.B.ListSessionsAsync(new TimeIdCursor(second.CreatedAt, second.Id), 10, CancellationToken.None)));
        Assert.Equal(["sesn_2"], (await nodes.B.FindSessionsAsync(["sesn_2", "sesn_9"], CancellationToken.None)).Select(s => s.Id));

        await nodes.B.WriteAsync(tx =>
        {
            tx.EndSession("sesn_1", T0.AddMinutes(1));
            tx.EndSession("sesn_1", T0.AddMinutes(2));
            return true;
        }, CancellationToken.None);
        Assert.Equal(T0.AddMinutes(1), (await nodes.A.GetSessionAsync("sesn_1", CancellationToken.None))?.EndedAt);
    }

    [Fact]
    public async Task Events_are_numbered_in_order_held_keys_only_take_the_new_off_path_flag_and_records_read_back_decompressed()
    {
        await using var nodes = await StorageNodes.StartAsync();
        var session = Session("sesn_1", T0);
        var transcript = new SessionTranscript("sesn_1", "claude-code", "usr_a:/tmp/t.jsonl", 0, null, new TranscriptMetadata(), 0, "usr_a:abc");
        await nodes.A.WriteAsync(tx =>
        {
            tx.InsertTranscriptSession(session, transcript);
            return true;
        }, CancellationToken.None);
        Assert.Equal(Json(transcript), Json(await nodes.B.FindTranscriptBySourceAsync("usr_a:/tmp/t.jsonl", CancellationToken.None)));
        Assert.Equal(Json(transcript), Json(await nodes.B.FindTranscriptByContentAsync("usr_a:abc", CancellationToken.None)));
        Assert.Equal(1L, await nodes.ScalarAsync("SELECT count(*) FROM sessions WHERE token_sha256 = 'transcript:sesn_1'"));

        var added = await Append(nodes.A, "sesn_1", Event("a", T0.AddSeconds(1)), Event("b", T0.AddSeconds(2)) with { OffPath = true }, Event("a", T0) with { OffPath = true }, Event("c", null));
        Assert.Equal(3, added);
        added = await Append(nodes.B, "sesn_1", Event("b", T0.AddSeconds(2)) with { OffPath = false }, Event("d", T0.AddSeconds(4)) with { ExitCode = 2, File = "sub.jsonl", IsError = true });
        Assert.Equal(1, added);

        var events = await nodes.A.ListEventsAsync("sesn_1", 0, 10, withRaw: true, CancellationToken.None);
        Assert.Equal([0L, 1, 2, 3], events.Select(e => e.Index));
        Assert.Equal(["a", "b", "c", "d"], events.Select(e => e.Event.SourceKey));
        Assert.Equal([true, false, false, false], events.Select(e => e.Event.OffPath));
        Assert.Equal(Json(Event("d", T0.AddSeconds(4)) with { ExitCode = 2, File = "sub.jsonl", IsError = true }), Json(events[3].Event));
        Assert.All(await nodes.A.ListEventsAsync("sesn_1", 2, 10, withRaw: false, CancellationToken.None), e => Assert.Equal("", e.Event.Raw));
        Assert.Equal(1L, await nodes.A.FindEventIndexAtAsync("sesn_1", T0.AddSeconds(2), CancellationToken.None));
        Assert.Null(await nodes.A.FindEventIndexAtAsync("sesn_1", T0.AddHours(1), CancellationToken.None));
        Assert.Equal(4L, (await nodes.B.GetTranscriptAsync("sesn_1", CancellationToken.None))?.Events);

        Assert.Equal(["sesn_1"], (await nodes.B.ListTranscriptSessionsAsync(new SessionFilter(T0.AddSeconds(4), "claude", null), null, 10, CancellationToken.None)).Select(s => s.Id));
        Assert.Empty(await nodes.B.ListTranscriptSessionsAsync(new SessionFilter(T0.AddSeconds(5), null, null), null, 10, CancellationToken.None));
        Assert.Empty(await nodes.B.ListTranscriptSessionsAsync(new SessionFilter(null, "codex", null), null, 10, CancellationToken.None));
        Assert.Empty(await nodes.B.ListTranscriptSessionsAsync(new SessionFilter(null, null, "memstore_x"), null, 10, CancellationToken.None));

        await nodes.B.WriteAsync(tx =>
        {
            tx.SetSessionTitle("sesn_1", "a title");
            tx.SetSessionAgent("sesn_1", "codex");
            tx.DeleteSession("sesn_1");
            return true;
        }, CancellationToken.None);
        Assert.Null(await nodes.A.GetSessionAsync("sesn_1", CancellationToken.None));
        Assert.Null(await nodes.A.GetTranscriptAsync("sesn_1", CancellationToken.None));
        Assert.Equal(0L, await nodes.ScalarAsync("SELECT count(*) FROM session_events"));
    }

    [Fact]
    public async Task Concurrent_appends_to_one_session_from_two_nodes_number_every_event_once_with_no_gap()
    {
        await using var nodes = await StorageNodes.StartAsync();
        await nodes.A.WriteAsync(tx =>
        {
            tx.InsertSession(Session("sesn_1", T0), "token-hash-1");
            return true;
        }, CancellationToken.None);

        // 40 batches of 10 keys each, half of every batch shared with the batch before it (205 distinct keys), appended
        // by 6 workers (3 per node), each its batches in turn. (Units block a pool thread while they wait for the row
        // lock, so far more concurrent units than threads only measures the thread pool's growth.)
        const int Batches = 40, Workers = 6;
        var workers = Enumerable.Range(0, Workers).Select(w => Task.Run(async () =>
        {
            var sum = 0;
            for (var b = w; b < Batches; b += Workers)
            {
                sum += await AppendAsLibraryDoes(
                    w % 2 == 0 ? nodes.A : nodes.B, "sesn_1", [.. Enumerable.Range(b * 5, 10).Select(k => Event($"k{k:D4}", T0.AddSeconds(k)))]);
            }

            return sum;
        }));
        var added = (await Task.WhenAll(workers)).Sum();

        var events = await nodes.B.ListEventsAsync("sesn_1", 0, 1_000, withRaw: false, CancellationToken.None);
        Assert.Equal(Batches * 5 + 5, added);
        Assert.Equal(Enumerable.Range(0, added).Select(i => (long)i), events.Select(e => e.Index));
        Assert.Equal(added, events.Select(e => e.Event.SourceKey).Distinct().Count());
        Assert.Equal(added, (await nodes.A.GetTranscriptAsync("sesn_1", CancellationToken.None))?.Events);
    }

    /// <summary>An append unit as the session service makes it: the session, its transcript's count, the events, the new count.</summary>
    private static Task<int> AppendAsLibraryDoes(PostgresStorage node, string sessionId, TranscriptEvent[] events) => node.WriteAsync(tx =>
    {
        _ = tx.GetSession(sessionId) ?? throw new InvalidOperationException("no session");
        var transcript = tx.GetTranscript(sessionId) ?? new SessionTranscript(sessionId, "live", null, 0, null, new TranscriptMetadata(), 0);
        var count = tx.AppendEvents(sessionId, [.. events.Select(e => new PreparedEvent(e, RawRecords.Compress(e.Raw)))]);
        tx.UpdateTranscript(transcript with { Events = transcript.Events + count });
        return count;
    }, CancellationToken.None);

    private static Task<int> Append(PostgresStorage node, string sessionId, params TranscriptEvent[] events) => AppendAsLibraryDoes(node, sessionId, events);

    private static TranscriptEvent Event(string key, DateTimeOffset? at) =>
        new(TranscriptEventKind.AgentMessage, key, at, $"text of {key}", Raw: $$"""{"key":"{{key}}","text":"{{new string('x', 300)}}"}""", Line: key.Length);

    private static AgentSession Session(string id, DateTimeOffset at, params SessionAttachment[] stores) =>
        new(id, "claude", "", new Dictionary<string, string>(), stores, Actor.User("usr_a"), at, null);

    private static string Json(object? value) => JsonSerializer.Serialize(value);
}
