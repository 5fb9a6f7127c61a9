using System.Text.Json;

namespace Engram.Sessions.Formats;

internal sealed partial class ClaudeCodeFormat
{
    /// <summary>What the records say about their session, gathered while they stream by.</summary>
    private sealed class SessionFacts
    {
        /// <summary>The model Claude Code names on records it wrote itself (errors, interruptions), not a model's answer.</summary>
        private const string SyntheticModel = "<synthetic>";

        // One response's lines each repeat its usage (sometimes growing as it streams), so each field is the
        // maximum over the response's lines, and responses are summed only at the end.
        private readonly Dictionary<string, TokenUsage> _usageByResponse = new(StringComparer.Ordinal);
        private TokenUsage _usageWithoutId = TokenUsage.Zero;
        private string? _externalId;
        private string? _workingDirectory;
        private string? _gitBranch;
        private string? _model;
        private DateTimeOffset? _startedAt;
        private DateTimeOffset? _endedAt;
        private string? _customTitle;
        private string? _otherTitle;
        private string? _summaryOfThisFile;
        private string? _anySummary;

        /// <summary>Fields every record may carry; the session's identity comes from the main file only.</summary>
        public void ObserveRecord(JsonElement record, DateTimeOffset? timestamp, bool mainFile)
        {
            if (timestamp is { } at)
            {
                _startedAt = _startedAt is { } started && started <= at ? started : at;
                _endedAt = _endedAt is { } ended && ended >= at ? ended : at;
            }

            if (!mainFile)
            {
                return;
            }

            _externalId ??= ContentBlocks.String(record, "sessionId");

            // The first cwd is where the session was started; later ones follow the agent's cd commands.
            _workingDirectory ??= ContentBlocks.String(record, "cwd");
            if (ContentBlocks.String(record, "gitBranch") is { Length: > 0 } branch)
            {
                _gitBranch = branch;
            }
        }

        /// <summary>An assistant record's <c>message</c>: its model, and its usage keyed by the response's id.</summary>
        public void ObserveResponse(JsonElement message, bool mainFile)
        {
            if (mainFile && ContentBlocks.String(message, "model") is { } model && model != SyntheticModel)
            {
                _model = model;
            }

            if (!message.TryGetField("usage", out var usageElement) || usageElement.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            var usage = new TokenUsage(
                Count(usageElement, "input_tokens"), Count(usageElement, "output_tokens"),
                Count(usageElement, "cache_creation_input_tokens"), Count(usageElement, "cache_read_input_tokens"));
            if (ContentBlocks.String(message, "id") is not { } id)
            {
                _usageWithoutId = _usageWithoutId.Add(usage);
                return;
            }

            _usageByResponse[id] = _usageByResponse.TryGetValue(id, out var seen) ? Max(seen, usage) : usage;
        }

        /// <summary>A title the user gave (<c>custom-title</c>) or another title record; the last of each wins.</summary>
        public void ObserveTitle(string title, bool custom)
        {
            if (custom)
            {
                _customTitle = title;
            }
            else
            {
                _otherTitle = title;
            }
        }

        /// <summary>
        /// A <c>summary</c> record. Claude Code has been seen writing other sessions' summaries into a file, so a
        /// summary of a record in this file is preferred as the title.
        /// </summary>
        public void ObserveSummary(string summary, bool ofThisFile)
        {
            _anySummary = summary;
            if (ofThisFile)
            {
                _summaryOfThisFile = summary;
            }
        }

        public TranscriptMetadata ToMetadata()
        {
            var usage = _usageWithoutId;
            foreach (var response in _usageByResponse.Values)
            {
                usage = usage.Add(response);
            }

            return new TranscriptMetadata(
                ExternalId: _externalId,
                Title: _customTitle ?? _otherTitle ?? _summaryOfThisFile ?? _anySummary,
                StartedAt: _startedAt,
                EndedAt: _endedAt,
                WorkingDirectory: _workingDirectory,
                GitBranch: _gitBranch,
                Model: _model,
                Usage: usage);
        }

        private static long Count(JsonElement usage, string name) =>
            usage.TryGetField(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var count) ? count : 0;

        private static TokenUsage Max(TokenUsage a, TokenUsage b) => new(
            Math.Max(a.InputTokens, b.InputTokens), Math.Max(a.OutputTokens, b.OutputTokens),
            Math.Max(a.CacheCreationInputTokens, b.CacheCreationInputTokens), Math.Max(a.CacheReadInputTokens, b.CacheReadInputTokens));
    }
}
