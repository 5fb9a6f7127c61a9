using System.Text;
using Engram.Errors;
using Engram.Sessions;

namespace Engram.Tests.Sessions;

/// <summary>Claude Code's hook input, as its hooks documentation gives it for SessionEnd and PreCompact, and what is refused.</summary>
public sealed class HookPayloadTests
{
    private const string Home = "/home/dev";

    private static HookPayload Parse(string json) => HookPayload.Parse(Encoding.UTF8.GetBytes(json), Home);

    [Fact]
    public void A_session_end_payload_gives_the_transcript_session_and_event_and_ignores_the_other_fields()
    {
        var payload = Parse("""
            {"session_id":"00893aaf-19fa-41d2-8238-13269b9b3ca0","transcript_path":"/home/dev/.claude/projects/-home-dev-shop/00893aaf-19fa-41d2-8238-13269b9b3ca0.jsonl",
             "cwd":"/home/dev/shop","permission_mode":"default","hook_event_name":"SessionEnd","reason":"prompt_input_exit"}
            """);

        Assert.Equal(
            new HookPayload("/home/dev/.claude/projects/-home-dev-shop/00893aaf-19fa-41d2-8238-13269b9b3ca0.jsonl", "00893aaf-19fa-41d2-8238-13269b9b3ca0", "SessionEnd"),
            payload);
    }

    [Fact]
    public void A_pre_compact_payload_with_the_documentations_tilde_path_is_read_in_the_home_directory()
    {
        var payload = Parse("""{"session_id":"abc123","transcript_path":"~/.claude/projects/p/abc123.jsonl","hook_event_name":"PreCompact","trigger":"manual","custom_instructions":""}""");

        Assert.Equal(("/home/dev/.claude/projects/p/abc123.jsonl", "PreCompact"), (payload.TranscriptPath, payload.EventName));
    }

    [Theory]
    [InlineData("", "payload: is empty")]
    [InlineData("not json", "payload: must be a JSON object (the hook's input), and is not JSON: ")]
    [InlineData("{\"transcript_path\": }", "payload: must be a JSON object (the hook's input), and is not JSON: '}' is an invalid start of a value (line 1, byte 21)")]
    [InlineData("""["/tmp/a.jsonl"]""", "payload: must be a JSON object (the hook's input), not array")]
    [InlineData("""{"session_id":"s","hook_event_name":"Stop"}""", "transcript_path: is required")]
    [InlineData("""{"session_id":"s","transcript_path":null,"hook_event_name":"SessionEnd"}""", "transcript_path: is required")]
    [InlineData("""{"transcript_path":42}""", "transcript_path: must be a string (got number)")]
    [InlineData("""{"transcript_path":""}""", "transcript_path: must not be empty")]
    [InlineData("""{"transcript_path":"relative/s.jsonl"}""", "transcript_path: must be an absolute path (got \"relative/s.jsonl\")")]
    [InlineData("""{"transcript_path":"/tmp/s.jsonl","session_id":["s"]}""", "session_id: must be a string (got array)")]
    [InlineData("""{"transcript_path":"/tmp/s.jsonl","hook_event_name":{}}""", "hook_event_name: must be a string (got object)")]
    public void A_payload_that_names_no_usable_transcript_is_refused_naming_the_field_and_the_rule(string json, string message)
    {
        var refused = Assert.Throws<InvalidRequestException>(() => Parse(json));

        Assert.StartsWith(message, refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tilde_path_without_a_home_directory_and_a_payload_over_the_bound_are_refused()
    {
        var homeless = Assert.Throws<InvalidRequestException>(() => HookPayload.Parse("""{"transcript_path":"~/s.jsonl"}"""u8, home: null));
        var huge = Assert.Throws<InvalidRequestException>(() => HookPayload.Parse(new byte[HookPayload.MaxBytes + 1], Home));
        var deep = Assert.Throws<InvalidRequestException>(() => Parse(new string('[', 100_000)));

        Assert.StartsWith("transcript_path: starts with ~/ but there is no home directory", homeless.Message, StringComparison.Ordinal);
        Assert.StartsWith("payload: is 1,048,577 bytes", huge.Message, StringComparison.Ordinal);
        Assert.StartsWith("payload: must be a JSON object", deep.Message, StringComparison.Ordinal);
    }
}
