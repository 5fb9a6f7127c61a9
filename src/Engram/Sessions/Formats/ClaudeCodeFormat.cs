using System.Text.Json;

namespace Engram.Sessions.Formats;

/// <summary>
/// Claude Code session transcripts (<c>~/.claude/projects/&lt;project&gt;/&lt;session-id&gt;.jsonl</c>), with the
/// sub-agent transcripts stored beside them. The format is internal to Claude Code and changes between versions,
/// so unknown record types and fields are ignored, and a bad line is reported and skipped, never fatal.
/// </summary>
/// <remarks>
/// Records form a tree through <c>uuid</c>/<c>parentUuid</c>; a rewind starts a new branch from an earlier
/// record. Every record is emitted once, in file order; those not on the path from the root to the last
/// conversation record (abandoned branches), sidechains and sub-agent records are marked
/// <see cref="TranscriptEvent.OffPath"/>. Token usage counts each model response once, however many lines it
/// is spread over, including sub-agents' responses (they are spent by the session too).
/// </remarks>
internal sealed partial class ClaudeCodeFormat : ITranscriptFormat
{
    private const string SubagentsFolder = "subagents";

    /// <inheritdoc/>
    public string Name => "claude-code";

    /// <inheritdoc/>
    /// <remarks>
    /// True when every line that parses is an object with a string <c>type</c> and some line carries Claude Code's
    /// own fields (<c>sessionId</c>, <c>uuid</c>, <c>parentUuid</c>, or a <c>summary</c> with <c>leafUuid</c>); lines
    /// that are not JSON are passed over, unless the first opens a JSON document. A last line cut short by the
    /// sample's size limit is judged by its text.
    /// </remarks>
    public bool Recognizes(TranscriptSample sample)
    {
        var recognized = false;
        for (var i = 0; i < sample.Lines.Count; i++)
        {
            var line = sample.Lines[i];
            var document = TranscriptJson.TryParse(line);
            if (document is null)
            {
                // The sample ends where its size limit cut it, so only its last line may be incomplete.
                if (i == sample.Lines.Count - 1 && LooksLikeCutRecord(line))
                {
                    return true;
                }

                if (i == 0 && !JsonDocuments.SampleIsLines(sample))
                {
                    return false; // the start of a JSON document (a pretty-printed '{' or '['), which no transcript of Claude Code is
                }

                continue; // a line that is not JSON (a stray 'hello', a damaged record): the reader reports it, and the others tell the format
            }

            using (document)
            {
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object || ContentBlocks.String(root, "type") is not { } type)
                {
                    return false;
                }

                recognized |= root.TryGetField("sessionId", out _) || root.TryGetField("uuid", out _)
                    || root.TryGetField("parentUuid", out _) || (type == "summary" && root.TryGetField("leafUuid", out _));
            }
        }

        return recognized;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// <paramref name="path"/> is <c>&lt;dir&gt;/&lt;session-id&gt;.jsonl</c>. It is read twice (once for the
    /// record tree, once for the events); then every <c>&lt;dir&gt;/&lt;session-id&gt;/subagents/*.jsonl</c>, in
    /// name order, and every sub-agent transcript of this session kept beside it (<c>&lt;dir&gt;/agent-*.jsonl</c>
    /// whose records are a sidechain of this session: the layout before the <c>subagents</c> folder), whose events
    /// are off path and name their file relative to <c>&lt;dir&gt;</c>. Large tool outputs
    /// Claude Code moves to <c>&lt;session-id&gt;/tool-results/</c> are not read: the transcript keeps a preview of
    /// each, which is what the agent itself saw. Skipped, with their line: lines that are not JSON (or a
    /// truncated last line), JSON values that are not objects, and user or assistant records without content.
    /// </remarks>
    public async Task<TranscriptReadResult> ReadAsync(string path, Func<TranscriptEvent, ValueTask> onEvent, CancellationToken cancellationToken)
    {
        var tree = await SessionTree.ReadAsync(path, cancellationToken).ConfigureAwait(false);
        var facts = new SessionFacts();
        var reading = new Reading(tree, facts, onEvent);
        await reading.ReadFileAsync(path, SourceFile.Main, cancellationToken).ConfigureAwait(false);

        var sessionId = Path.GetFileNameWithoutExtension(path);
        var subagents = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", sessionId, SubagentsFolder);
        if (Directory.Exists(subagents))
        {
            var files = Directory.GetFiles(subagents, "*.jsonl");
            Array.Sort(files, StringComparer.Ordinal);
            foreach (var file in files)
            {
                var name = Path.GetFileName(file);
                var source = new SourceFile($"{sessionId}/{SubagentsFolder}/{name}", name + ":");
                await reading.ReadCompanionAsync(file, source, cancellationToken).ConfigureAwait(false);
            }
        }

        var ids = facts.ToMetadata().ExternalId is { } externalId ? new[] { sessionId, externalId } : [sessionId];
        foreach (var file in await BesideAsync(path, ids, cancellationToken).ConfigureAwait(false))
        {
            var name = Path.GetFileName(file);
            if (!string.Equals(Path.GetFullPath(file), Path.GetFullPath(path), StringComparison.Ordinal))
            {
                await reading.ReadCompanionAsync(file, new SourceFile(name, name + ":"), cancellationToken).ConfigureAwait(false);
            }
        }

        return new TranscriptReadResult(facts.ToMetadata(), reading.Skipped, reading.Events);
    }

    private static bool LooksLikeCutRecord(string line) =>
        line.StartsWith('{') && line.Contains("\"type\"", StringComparison.Ordinal)
        && (line.Contains("\"sessionId\"", StringComparison.Ordinal) || line.Contains("\"parentUuid\"", StringComparison.Ordinal));

    /// <summary>Which file a record comes from: the main one, or a sub-agent's (every record off path, keys prefixed).</summary>
    /// <param name="Relative">The file relative to the session's directory; null for the main file.</param>
    /// <param name="KeyPrefix">Put before each source key, so keys stay unique across the session's files.</param>
    private readonly record struct SourceFile(string? Relative, string KeyPrefix)
    {
        public static SourceFile Main => new(null, "");

        public bool IsMain => Relative is null;
    }
}
