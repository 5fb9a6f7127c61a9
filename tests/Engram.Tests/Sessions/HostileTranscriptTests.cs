using Engram.Sessions;

namespace Engram.Tests.Sessions;

/// <summary>
/// Files made to break the importer, one regression each: detection answers (a format or none) and every reader
/// gives events and skipped records with their reasons, never an exception.
/// </summary>
public sealed class HostileTranscriptTests
{
    /// <summary>A file of each format whose strings and property names hold escapes of lone surrogates, as JavaScript writes a string cut inside an emoji.</summary>
    public static TheoryData<string, string, string> LoneSurrogates => new()
    {
        {
            "claude-code", "11111111-1111-4111-8111-111111111111.jsonl",
            """{"type":"user","uuid":"u1","parentUuid":null,"sessionId":"11111111-1111-4111-8111-111111111111","\udc00":1,"message":{"role":"user","content":"cut \ud83d"}}""" + "\n"
        },
        {
            "codex", "rollout.jsonl",
            """{"timestamp":"2026-04-06T14:00:00Z","type":"session_meta","payload":{"id":"\ud800","cwd":"/w\udc00"}}""" + "\n"
            + """{"timestamp":"2026-04-06T14:00:01Z","type":"response_item","payload":{"type":"message","role":"user","content":[{"type":"input_text","text":"cut \ud83d"}]}}""" + "\n"
        },
        {
            "events", "events.jsonl",
            """{"type":"user.message","id":"a","content":[{"type":"text","text":"cut \ud83d"}]}""" + "\n"
            + """{"type":"session.error","id":"b","\udc00":"x","error":{"message":"\udc00"}}""" + "\n"
        },
        { "openai", "chat.json", """[{"role":"system","content":"\udc00"},{"role":"user","content":"cut \ud83d"}]""" },
        {
            "messages", "conversation.json",
            """
            {
              "model": "\ud800", "\udc00": 1,
              "messages": [{"role": "user", "content": "cut \ud83d"}, {"role": "assistant", "content": "ok"}]
            }
            """
        },
        {
            "mini-swe-agent", "run.traj.json",
            """{"info":{"exit_status":"\ud800","config":{"agent":{}}},"messages":[{"role":"system","content":"s"},{"role":"user","content":"cut \ud83d"},"""
            + """{"role":"assistant","content":"THOUGHT: \udc00\n```bash\nls\n```"}],"trajectory_format":"mini-swe-agent-1","instance_id":"\ud800"}"""
        },
        {
            "swe-agent", "run.traj",
            """{"environment":"\ud800","trajectory":[{"action":"ls \udc00","observation":"cut \ud83d","thought":"t","response":"r"}],"history":"""
            + """[{"role":"user","content":"cut \ud83d","agent":"primary","message_type":"observation"}],"info":{"exit_status":"\ud800"}}"""
        },
    };

    [Theory]
    [MemberData(nameof(LoneSurrogates))]
    public async Task A_lone_surrogate_escape_is_detected_and_read_as_a_replacement_character(string format, string name, string content)
    {
        using var directory = new TempDirectory();
        var path = directory.Write(name, content);

        var detected = await TranscriptFormats.DetectAsync(path, CancellationToken.None);
        var (events, _) = await FormatFiles.ReadAsync(TranscriptFormats.Named(format)!, path);

        Assert.Equal(format, detected?.Name);
        Assert.Contains(events, e => e.Text == "cut \uFFFD");
    }
}
