namespace Engram.Sessions;

/// <summary>What happened in one step of a conversation, whatever format recorded it.</summary>
public enum TranscriptEventKind
{
    /// <summary>A person's message (text; images are replaced by a short placeholder).</summary>
    UserMessage,

    /// <summary>The agent's text reply.</summary>
    AgentMessage,

    /// <summary>The agent called a tool: <see cref="TranscriptEvent.ToolUseId"/>, name and JSON input.</summary>
    ToolUse,

    /// <summary>A tool's answer to <see cref="TranscriptEvent.ToolUseId"/>, with its error flag.</summary>
    ToolResult,

    /// <summary>The agent's visible reasoning, kept as a marker (text may be empty or redacted by the source).</summary>
    Thinking,

    /// <summary>The conversation was compacted or summarized; the text is the summary when there is one.</summary>
    Compaction,

    /// <summary>An error the runtime reported (not a tool's).</summary>
    Error,

    /// <summary>Anything else worth keeping in order: system notices, status changes, titles.</summary>
    Marker,

    /// <summary>
    /// The harness or environment answered the agent in its own words, whatever role the format gave it: a reply in
    /// the wrong format, output cut for length, an action refused. A signal about the agent, never a person's words.
    /// </summary>
    Feedback,
}

/// <summary>
/// One normalized event of a transcript. <see cref="Raw"/> keeps the original record so evidence can quote
/// it; <see cref="SourceKey"/> identifies the event within its session so a second import adds nothing.
/// </summary>
/// <param name="Kind">What happened.</param>
/// <param name="SourceKey">Stable within the session: the record's own id (and block index) when the format has one, else its line and a hash of it.</param>
/// <param name="Timestamp">When the source says it happened, if it says.</param>
/// <param name="Text">Message text, tool result content as text, or a marker's text.</param>
/// <param name="ToolUseId">For tool uses and results: the id that pairs them.</param>
/// <param name="ToolName">For tool uses (and results, when the format names the tool).</param>
/// <param name="ToolInput">For tool uses: the input as JSON text.</param>
/// <param name="IsError">For tool results: the tool failed (given by the format, or inferred where it has no flag).</param>
/// <param name="OffPath">Not on the path the session ended on: a rewound branch or a sidechain (sub-agent).</param>
/// <param name="Raw">The original record, as read (one JSON line, or one element of a JSON array).</param>
/// <param name="Line">Where the record starts in its file (1-based line, or element index for JSON arrays).</param>
/// <param name="File">The file it came from, when a session spans several (sub-agent transcripts); null for the main file.</param>
/// <param name="ExitCode">For tool results: the command's exit code, when the format records one.</param>
public sealed record TranscriptEvent(
    TranscriptEventKind Kind,
    string SourceKey,
    DateTimeOffset? Timestamp,
    string? Text,
    string? ToolUseId = null,
    string? ToolName = null,
    string? ToolInput = null,
    bool IsError = false,
    bool OffPath = false,
    string Raw = "",
    long Line = 0,
    string? File = null,
    int? ExitCode = null);
