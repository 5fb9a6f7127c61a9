namespace Engram.Sessions;

/// <summary>Token counts a transcript reports, summed over its model responses (each response counted once).</summary>
public sealed record TokenUsage(long InputTokens = 0, long OutputTokens = 0, long CacheCreationInputTokens = 0, long CacheReadInputTokens = 0)
{
    public static readonly TokenUsage Zero = new();

    public TokenUsage Add(TokenUsage other) => new(
        InputTokens + other.InputTokens, OutputTokens + other.OutputTokens,
        CacheCreationInputTokens + other.CacheCreationInputTokens, CacheReadInputTokens + other.CacheReadInputTokens);
}

/// <summary>
/// What a transcript says about its session. Every field is optional: formats say different things, and a
/// file may be cut short.
/// </summary>
/// <param name="ExternalId">The session's id in its source (Claude Code <c>sessionId</c>, Codex session id, hosted <c>sesn_</c>).</param>
/// <param name="Agent">The agent that ran it, when the source names one.</param>
/// <param name="Title">A title or summary line.</param>
/// <param name="StartedAt">The earliest timestamp in the transcript.</param>
/// <param name="EndedAt">The latest timestamp in the transcript.</param>
/// <param name="WorkingDirectory">The directory the agent worked in.</param>
/// <param name="GitBranch">The git branch checked out there.</param>
/// <param name="Model">The model that answered (the last one named).</param>
/// <param name="Usage">Token counts, each model response counted once.</param>
/// <param name="Outcome">How the run ended, in the source's words (an agent harness's exit status such as <c>submitted</c>).</param>
/// <param name="Project">The repository or project the session worked on, when the transcript names one (<c>owner/repo</c>).</param>
public sealed record TranscriptMetadata(
    string? ExternalId = null,
    string? Agent = null,
    string? Title = null,
    DateTimeOffset? StartedAt = null,
    DateTimeOffset? EndedAt = null,
    string? WorkingDirectory = null,
    string? GitBranch = null,
    string? Model = null,
    TokenUsage? Usage = null,
    string? Outcome = null,
    string? Project = null);

/// <summary>
/// A line (or element) a reader could not use, with the reason; never fatal to the rest of the file.
/// <see cref="Unreadable"/> marks a file the file system failed or refused, which no content causes: the import
/// is incomplete, where every other skip is the file's own doing.
/// </summary>
internal sealed record SkippedRecord(string File, long Line, string Reason, bool Unreadable = false)
{
    /// <summary>The file at <paramref name="file"/> could not be read: <paramref name="error"/> is what the file system said.</summary>
    public static SkippedRecord Unread(string file, Exception error) => new(file, 0, $"could not be read: {error.Message}", Unreadable: true);
}
