using System.Text;
using Engram.Sessions.Formats;

namespace Engram.Sessions.Tests;

/// <summary>
/// Importing directories that hold files made to break the importer: every file is imported, skipped with its reason
/// or listed as no transcript, nothing is written for a file skipped whole, and the import always goes on to the next.
/// </summary>
public sealed class HostileImportTests : IAsyncLifetime
{
    private const string Good = "11111111-1111-4111-8111-111111111111";

    private SessionWorld _world = null!;

    public async Task InitializeAsync() => _world = await SessionWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private static string Conversation(string sessionId) => new ClaudeCodeLines(sessionId).User("run the tests").Assistant("All 12 tests pass.").Text;

    private Task<ImportSummary> ImportAsync(string path, string format = "auto") =>
        new TranscriptImporter(_world.Admin).ImportAsync(path, new ImportOptions(format), null, CancellationToken.None);

    private string WriteBytes(string relativePath, byte[] bytes)
    {
        var path = _world.Write(relativePath, "");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public static TheoryData<string, string> NotText => new()
    {
        { "utf-16 with a byte order mark", "UTF-16 text (it starts with a UTF-16 byte order mark); transcripts are UTF-8: convert it first (iconv -f UTF-16 -t UTF-8)" },
        { "utf-16 without one", "UTF-16 text without a byte order mark (every other byte of its first line is zero); transcripts are UTF-8: convert it first (iconv -f UTF-16LE -t UTF-8)" },
        { "binary", "binary, not text: its first line holds zero bytes, which no JSON text does" },
    };

    private static byte[] NotTextBytes(string kind) => kind switch
    {
        "utf-16 with a byte order mark" => Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(Conversation("22222222-2222-4222-8222-222222222222"))).ToArray(),
        "utf-16 without one" => Encoding.Unicode.GetBytes(Conversation("22222222-2222-4222-8222-222222222222")),
        _ => Enumerable.Range(0, 100 * 1024).Select(i => (byte)(i * 7919 % 256)).ToArray(),
    };

    [Theory]
    [MemberData(nameof(NotText))]
    public async Task A_file_that_is_no_utf8_text_is_skipped_with_what_it_is_whatever_the_format_and_nothing_is_recorded(string kind, string reason)
    {
        var bad = WriteBytes("p/22222222-2222-4222-8222-222222222222.jsonl", NotTextBytes(kind));

        var detected = await ImportAsync(Path.Combine(_world.Files, "p"));
        var forced = await ImportAsync(bad, "claude-code");

        Assert.Equal([new SkippedRecord(bad, 0, reason)], detected.Skipped);
        Assert.Empty(detected.Unrecognized);
        Assert.Equal([new SkippedRecord(bad, 0, reason)], forced.Skipped);
        Assert.Empty((await _world.Admin.ListSessionsAsync()).Data);
    }

    [Fact]
    public async Task A_link_to_nothing_among_transcripts_is_skipped_as_unreadable_and_the_rest_are_imported()
    {
        _world.Write($"p/{Good}.jsonl", Conversation(Good));
        var link = Path.Combine(_world.Files, "p", "a-gone.jsonl");
        File.CreateSymbolicLink(link, Path.Combine(_world.Files, "nowhere.jsonl"));
        var subagentLink = Path.Combine(_world.Files, "p", "agent-gone.jsonl");
        File.CreateSymbolicLink(subagentLink, Path.Combine(_world.Files, "nowhere.jsonl"));

        var summary = await ImportAsync(Path.Combine(_world.Files, "p"));

        Assert.Equal((1, 1), (summary.Files, summary.NewSessions));
        var nowhere = Path.Combine(_world.Files, "nowhere.jsonl");
        Assert.Equal(
            [new SkippedRecord(link, 0, $"a link to {nowhere}, which does not exist"), new SkippedRecord(subagentLink, 0, $"a link to {nowhere}, which does not exist")],
            summary.Skipped);
        Assert.False(summary.Incomplete, "a link to nothing is the directory's own doing, which no later import reads");
        Assert.Single((await _world.Admin.ListSessionsAsync()).Data);
    }

    [Fact]
    public async Task A_sub_agent_transcript_that_cannot_be_read_is_reported_and_its_session_is_read_without_it()
    {
        _world.Write($"p/{Good}.jsonl", Conversation(Good));
        var subagent = Path.Combine(_world.Files, "p", Good, "subagents", "agent-1.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(subagent)!);
        File.CreateSymbolicLink(subagent, Path.Combine(_world.Files, "nowhere.jsonl"));

        var summary = await ImportAsync(Path.Combine(_world.Files, "p"));

        Assert.Equal((1, 2L), (summary.NewSessions, summary.EventsAdded));
        var unread = Assert.Single(summary.Skipped, s => s.File == subagent);
        Assert.StartsWith("could not be read: ", unread.Reason, StringComparison.Ordinal);
        Assert.True(unread.Unreadable && summary.Incomplete, "a transcript the file system refused leaves the import incomplete");
    }

    [Fact]
    public async Task An_empty_file_is_skipped_as_empty_and_records_no_session_even_in_a_named_format()
    {
        var empty = _world.Write("p/empty.jsonl", "");

        var summary = await ImportAsync(empty, "codex");

        Assert.Equal([new SkippedRecord(empty, 0, "empty: nothing to import")], summary.Skipped);
        Assert.Empty((await _world.Admin.ListSessionsAsync()).Data);
    }

    [Fact]
    public async Task A_file_that_fails_partway_is_skipped_and_the_session_it_created_is_removed_with_the_events_already_stored()
    {
        var path = _world.Write($"p/{Good}.jsonl", Conversation(Good));
        var importer = new TranscriptImporter(_world.Admin) { Formats = [new FailingPartway(TranscriptImporter.BatchEvents * 2 + 1)] };

        var summary = await importer.ImportAsync(path, new ImportOptions(), null, CancellationToken.None);

        Assert.Equal([new SkippedRecord(path, 0, "could not be read: Input/output error", Unreadable: true)], summary.Skipped);
        Assert.True(summary.Incomplete);
        Assert.Equal((0, 0L), (summary.NewSessions, summary.EventsAdded));
        Assert.Empty(summary.SessionIds);
        Assert.Empty((await _world.Admin.ListSessionsAsync()).Data);
    }

    [Fact]
    public async Task A_file_in_which_the_named_format_reads_no_event_is_reported_and_records_no_session()
    {
        var chat = _world.Write("p/chat.json", """[{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]""");

        var summary = await ImportAsync(chat, "events");

        Assert.Equal(new SkippedRecord(chat, 0, "no events in it read as events: nothing recorded"), summary.Skipped[^1]);
        Assert.Equal((0, 0), (summary.NewSessions, summary.SessionIds.Count));
        Assert.Empty((await _world.Admin.ListSessionsAsync()).Data);
    }

    /// <summary>A format that reads any file as <paramref name="events"/> user messages and then meets a failing disk.</summary>
    private sealed class FailingPartway(int events) : ITranscriptFormat
    {
        public string Name => "claude-code";

        public bool Recognizes(TranscriptSample sample) => true;

        public async Task<TranscriptReadResult> ReadAsync(string path, Func<TranscriptEvent, ValueTask> onEvent, CancellationToken cancellationToken)
        {
            for (var i = 0; i < events; i++)
            {
                await onEvent(new TranscriptEvent(TranscriptEventKind.UserMessage, $"line:{i}", null, $"message {i}"));
            }

            throw new IOException("Input/output error");
        }
    }
}
