namespace Engram.Sessions.Tests;

/// <summary>Secrets in imported transcripts are masked as they are stored, unless masking is turned off.</summary>
public sealed class MaskingTests
{
    private const string Key = "sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ";

    private static string Transcript() => new ClaudeCodeLines("bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb")
        .User($"my key is {Key}, please configure it")
        .ToolUse("toolu_1", "Bash", new { command = $"export ANTHROPIC_API_KEY={Key}" })
        .ToolResult("toolu_1", "done", isError: false).Text;

    [Fact]
    public async Task Keys_in_text_tool_input_and_raw_records_are_masked_by_default()
    {
        await using var world = await SessionWorld.StartAsync();
        var path = world.Write("s.jsonl", Transcript());

        var summary = await new TranscriptImporter(world.Admin).ImportAsync(path, new ImportOptions(), null, CancellationToken.None);

        var events = await SessionWorld.AllEventsAsync(world.Admin, summary.SessionIds.Single());
        Assert.Equal(3, events.Count);
        Assert.All(events, e => Assert.DoesNotContain("abcdefghijklmnop", e.Event.Text + e.Event.ToolInput + e.Event.Raw, StringComparison.Ordinal));
        Assert.Contains("[REDACTED:", events[0].Event.Text, StringComparison.Ordinal);
        Assert.Contains("[REDACTED:", events[1].Event.ToolInput, StringComparison.Ordinal);
        System.Text.Json.JsonDocument.Parse(events[1].Event.Raw).Dispose(); // the masked record is still JSON
    }

    [Fact]
    public async Task A_key_written_with_json_unicode_escapes_is_masked_in_the_raw_record_too()
    {
        await using var world = await SessionWorld.StartAsync();
        var escaped = Key.Replace("-", "\\u002d", StringComparison.Ordinal);
        var path = world.Write("s.jsonl",
            "{\"type\":\"user\",\"uuid\":\"u1\",\"parentUuid\":null,\"sessionId\":\"s\",\"message\":{\"role\":\"user\",\"content\":\"my key is " + escaped + "\"}}\n");

        var summary = await new TranscriptImporter(world.Admin).ImportAsync(path, new ImportOptions(), null, CancellationToken.None);

        var stored = Assert.Single(await SessionWorld.AllEventsAsync(world.Admin, summary.SessionIds.Single())).Event;
        Assert.DoesNotContain("abcdefghijklmnop", stored.Text + stored.Raw, StringComparison.Ordinal);
        Assert.Contains("[REDACTED:anthropic-key]", stored.Raw, StringComparison.Ordinal);
        using var record = System.Text.Json.JsonDocument.Parse(stored.Raw);
        Assert.Equal("my key is [REDACTED:anthropic-key]", record.RootElement.GetProperty("message").GetProperty("content").GetString());
    }

    [Fact]
    public async Task With_masking_off_the_transcript_is_stored_as_found()
    {
        await using var world = await SessionWorld.StartAsync(new SessionOptions(MaskSecrets: false));
        var path = world.Write("s.jsonl", Transcript());

        var summary = await new TranscriptImporter(world.Admin).ImportAsync(path, new ImportOptions(), null, CancellationToken.None);

        var events = await SessionWorld.AllEventsAsync(world.Admin, summary.SessionIds.Single());
        Assert.Contains(Key, events[0].Event.Text, StringComparison.Ordinal);
    }
}
