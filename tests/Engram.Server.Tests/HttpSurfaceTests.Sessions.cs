using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Engram.Access;
using Engram.Sessions;

namespace Engram.Server.Tests;

/// <summary>Sessions over HTTP: the hosted listing shapes, the recording extensions, and their permission checks.</summary>
public sealed partial class HttpSurfaceTests
{
    private static readonly string TranscriptPath = Path.Combine(Path.GetTempPath(), "transcripts", "run.jsonl");

    private async Task<string> RecordedSessionAsync()
    {
        var opened = await PostAsync("/v1/engram/sessions/import", new { format = "claude-code", source = TranscriptPath, agent = "builder" });
        Assert.True(opened.GetProperty("created").GetBoolean());
        var sessionId = opened.GetProperty("session").GetProperty("id").GetString()!;
        var appended = await PostAsync($"/v1/engram/sessions/{sessionId}/events", new
        {
            events = new object[]
            {
                new { kind = "user_message", source_key = "u1", timestamp = "2026-11-03T09:00:00Z", text = "run the tests", raw = "{\"type\":\"user\"}", line = 1 },
                new { kind = "tool_use", source_key = "a1:0", timestamp = "2026-11-03T09:00:05Z", tool_use_id = "toolu_1", tool_name = "Bash", tool_input = "{\"command\":\"pytest\"}", raw = "{}", line = 2 },
                new { kind = "tool_result", source_key = "u2:0", timestamp = "2026-11-03T09:00:06Z", tool_use_id = "toolu_1", tool_name = "Bash", text = "pytest: command not found", is_error = true, raw = "{}", line = 3 },
            },
        });
        Assert.Equal((3, 0), (appended.GetProperty("added").GetInt32(), appended.GetProperty("already_held").GetInt32()));
        await PostAsync($"/v1/engram/sessions/{sessionId}/transcript", new
        {
            metadata = new { external_id = "cc-1", model = "claude-sonnet-4-5", git_branch = "main", usage = new { input_tokens = 10, output_tokens = 5, cache_creation_input_tokens = 0, cache_read_input_tokens = 0 } },
            source_size = 1234,
            source_modified = "2026-11-03T09:01:00Z",
        });
        return sessionId;
    }

    [Fact]
    public async Task A_recorded_session_lists_with_its_transcript_and_its_events_in_the_hosted_shapes()
    {
        var sessionId = await RecordedSessionAsync();

        var session = await GetAsync($"/v1/sessions/{sessionId}");
        Assert.Equal("session", session.GetProperty("type").GetString());
        Assert.Equal("builder", session.GetProperty("agent").GetString());
        var transcript = session.GetProperty("transcript");
        Assert.Equal(("claude-code", TranscriptPath, 3L), (transcript.GetProperty("format").GetString(), transcript.GetProperty("source").GetString(), transcript.GetProperty("events").GetInt64()));
        Assert.Equal("claude-sonnet-4-5", transcript.GetProperty("metadata").GetProperty("model").GetString());
        Assert.Contains((await GetAsync("/v1/sessions")).GetProperty("data").EnumerateArray(), s => s.GetProperty("id").GetString() == sessionId);

        var first = await GetAsync($"/v1/sessions/{sessionId}/events?limit=2");
        var events = first.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(["user.message", "agent.tool_use"], events.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal("run the tests", events[0].GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal("pytest", events[1].GetProperty("input").GetProperty("command").GetString());
        Assert.False(events[0].TryGetProperty("raw", out _));
        var rest = await GetAsync($"/v1/sessions/{sessionId}/events?include_raw=true&page={first.GetProperty("next_page").GetString()}");
        var result = rest.GetProperty("data")[0];
        Assert.Equal(("agent.tool_result", "toolu_1", true, 2L), (result.GetProperty("type").GetString(), result.GetProperty("tool_use_id").GetString(), result.GetProperty("is_error").GetBoolean(), result.GetProperty("index").GetInt64()));
        Assert.Equal("{}", result.GetProperty("raw").GetString());
        Assert.Equal(JsonValueKind.Null, rest.GetProperty("next_page").ValueKind);
    }

    [Fact]
    public async Task Another_member_gets_not_found_for_a_session_it_may_not_see_and_the_owner_may_delete_it()
    {
        var sessionId = await RecordedSessionAsync();
        var (_, key) = await _server.NewPrincipalAsync(PrincipalKind.User, name: "mallory");
        using var other = _server.Http(key.Secret);

        foreach (var path in new[] { $"/v1/sessions/{sessionId}", $"/v1/sessions/{sessionId}/events" })
        {
            using var response = await other.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        Assert.DoesNotContain((await other.GetFromJsonAsync<JsonElement>("/v1/sessions")).GetProperty("data").EnumerateArray(), s => s.GetProperty("id").GetString() == sessionId);
        using (var append = await other.PostAsJsonAsync($"/v1/engram/sessions/{sessionId}/events", new { events = Array.Empty<object>() }))
        {
            Assert.Equal(HttpStatusCode.NotFound, append.StatusCode);
        }

        using var deleted = await _http.DeleteAsync($"/v1/sessions/{sessionId}");
        Assert.Equal("session_deleted", (await deleted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
        using var gone = await _http.GetAsync($"/v1/sessions/{sessionId}/events");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Theory]
    [InlineData("{\"events\":[{\"kind\":\"shout\",\"source_key\":\"k\"}]}", "events[0].kind")]
    [InlineData("{\"events\":[{\"kind\":\"marker\"}]}", "events[0].source_key")]
    [InlineData("{}", "events")]
    public async Task A_bad_append_is_refused_naming_the_field_and_adds_nothing(string body, string field)
    {
        var sessionId = await RecordedSessionAsync();
        using var response = await _http.PostAsync($"/v1/engram/sessions/{sessionId}/events", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await ErrorOf(response)).GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(3, (await GetAsync($"/v1/sessions/{sessionId}")).GetProperty("transcript").GetProperty("events").GetInt64());
    }

    [Fact]
    public async Task A_transcript_imported_through_the_server_reads_back_through_the_events_api_as_the_reader_produced_it()
    {
        var directory = Directory.CreateTempSubdirectory("engram-roundtrip-");
        try
        {
            var path = Path.Combine(directory.FullName, "rollout.jsonl");
            File.WriteAllLines(path,
            [
                """{"timestamp":"2026-11-05T08:00:00Z","type":"session_meta","payload":{"id":"c0dex-1","timestamp":"2026-11-05T08:00:00Z","cwd":"/work/api","originator":"codex_cli_rs","cli_version":"0.50.0","git":{"branch":"main"}}}""",
                """{"timestamp":"2026-11-05T08:00:01Z","type":"response_item","payload":{"type":"message","role":"user","content":[{"type":"input_text","text":"run the linter"}]}}""",
                """{"timestamp":"2026-11-05T08:00:02Z","type":"response_item","payload":{"type":"function_call","name":"shell","arguments":"{\"command\":[\"ruff\",\"check\"]}","call_id":"call_1"}}""",
                """{"timestamp":"2026-11-05T08:00:03Z","type":"response_item","payload":{"type":"function_call_output","call_id":"call_1","output":"{\"output\":\"ruff: command not found\",\"metadata\":{\"exit_code\":127}}"}}""",
                """{"timestamp":"2026-11-05T08:00:04Z","type":"response_item","payload":{"type":"message","role":"assistant","content":[{"type":"output_text","text":"ruff is not installed here."}]}}""",
            ]);
            var read = new List<TranscriptEvent>();
            var readResult = await new Engram.Sessions.Formats.CodexFormat().ReadAsync(path, e => { read.Add(e); return ValueTask.CompletedTask; }, CancellationToken.None);
            Assert.Empty(readResult.Skipped);
            await using var remote = _server.Remote();

            var summary = await new TranscriptImporter(remote).ImportAsync(path, new ImportOptions(), null, CancellationToken.None);

            var sessionId = summary.SessionIds.Single();
            var stored = await remote.ListEventsAsync(sessionId, limit: 100, withRaw: true);
            Assert.Equal(read.Count, stored.Data.Count);
            Assert.Equal(read, stored.Data.Select(e => e.Event));
            Assert.Contains(stored.Data, e => e.Event is { Kind: TranscriptEventKind.ToolResult, IsError: true, ToolName: "shell" });
            Assert.Equal("c0dex-1", (await remote.GetTranscriptAsync(sessionId))!.Metadata.ExternalId);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task The_remote_client_keeps_appends_in_the_order_they_were_made()
    {
        var sessionId = await RecordedSessionAsync();
        await using var remote = _server.Remote();

        await Task.WhenAll(Enumerable.Range(0, 10).Select(b => remote.AppendEventsAsync(sessionId,
            [new TranscriptEvent(TranscriptEventKind.Marker, $"m{b}", null, $"batch {b}", Raw: "{}")])).ToList());

        var events = await remote.ListEventsAsync(sessionId, limit: 100);
        Assert.Equal(Enumerable.Range(0, 10).Select(b => $"batch {b}"), events.Data.Skip(3).Select(e => e.Event.Text));
    }

    [Fact]
    public async Task An_append_may_carry_more_than_the_default_body_limit()
    {
        var sessionId = await RecordedSessionAsync();
        var big = new string('z', EventLimits.MaxTextChars - 100);
        var events = Enumerable.Range(0, 8).Select(i => new { kind = "tool_result", source_key = $"big{i}", text = big, raw = "{}" }).ToArray();

        var appended = await PostAsync($"/v1/engram/sessions/{sessionId}/events", new { events });

        Assert.Equal(8, appended.GetProperty("added").GetInt32());
        // Elsewhere the default limit holds. Expect: 100-continue lets the server refuse before the body is sent,
        // rather than close the connection while the client is still writing it.
        using var oversized = new HttpRequestMessage(HttpMethod.Post, "/v1/memory_stores") { Content = new StringContent($"{{\"name\":\"x\",\"description\":\"{new string('d', 2 * 1024 * 1024)}\"}}", System.Text.Encoding.UTF8, "application/json") };
        oversized.Headers.ExpectContinue = true;
        using var elsewhere = await _http.SendAsync(oversized);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, elsewhere.StatusCode);
    }
}
