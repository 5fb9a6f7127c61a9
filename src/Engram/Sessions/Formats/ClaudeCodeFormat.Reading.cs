using System.Globalization;
using System.Text.Json;

namespace Engram.Sessions.Formats;

internal sealed partial class ClaudeCodeFormat
{
    /// <summary>
    /// The second pass: each line parsed once, its events emitted in file order. Holds across files only what
    /// pairing and deduplication need: the uuids emitted and each tool use's name.
    /// </summary>
    private sealed partial class Reading(SessionTree tree, SessionFacts facts, Func<TranscriptEvent, ValueTask> onEvent)
    {
        private readonly HashSet<string> _emitted = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _toolNames = new(StringComparer.Ordinal);
        private readonly List<SkippedRecord> _skipped = [];
        private readonly List<TranscriptEvent> _lineEvents = [];

        public IReadOnlyList<SkippedRecord> Skipped => _skipped;

        public long Events { get; private set; }

        public async Task ReadFileAsync(string path, SourceFile source, CancellationToken cancellationToken)
        {
            await foreach (var line in JsonLines.ReadAsync(path, 0, cancellationToken).ConfigureAwait(false))
            {
                var document = TranscriptJson.Parse(line, out var problem);
                if (document is null)
                {
                    _skipped.Add(new SkippedRecord(path, line.Number, problem!));
                    continue;
                }

                using (document)
                {
                    if (document.RootElement.ValueKind != JsonValueKind.Object)
                    {
                        _skipped.Add(new SkippedRecord(path, line.Number, "not a JSON object"));
                        continue;
                    }

                    Map(document.RootElement, line, path, source);
                }

                // Events hold strings only, so they outlive the document; the callback runs outside the parse.
                foreach (var transcriptEvent in _lineEvents)
                {
                    await onEvent(transcriptEvent).ConfigureAwait(false);
                }

                Events += _lineEvents.Count;
                _lineEvents.Clear();
            }
        }

        /// <summary>Reads a sub-agent's transcript into the session; one that cannot be read is reported, and the session is read without it.</summary>
        public async Task ReadCompanionAsync(string path, SourceFile source, CancellationToken cancellationToken)
        {
            try
            {
                if (new FileInfo(path).Length > 0) // an empty file, a pipe or a device is never opened: a pipe waits for a writer
                {
                    await ReadFileAsync(path, source, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _skipped.Add(SkippedRecord.Unread(path, e));
            }
        }

        private void Map(JsonElement record, JsonLine line, string path, SourceFile source)
        {
            var type = ContentBlocks.String(record, "type");
            if (type is "user" or "assistant" && !TryContent(record, out _))
            {
                // Unusable, so it does not claim its uuid: a later, usable copy of the record is read.
                _skipped.Add(new SkippedRecord(path, line.Number, type + " record without message content"));
                return;
            }

            var uuid = ContentBlocks.String(record, "uuid");
            if (uuid is not null && !_emitted.Add(uuid))
            {
                return; // a duplicated record: its first occurrence said everything
            }

            var timestamp = record.TryGetField("timestamp", out var at) && at.ValueKind == JsonValueKind.String && at.TryGetDateTimeOffset(out var parsed)
                ? parsed
                : (DateTimeOffset?)null;
            facts.ObserveRecord(record, timestamp, source.IsMain);

            var offPath = !source.IsMain
                || (record.TryGetField("isSidechain", out var sidechain) && sidechain.ValueKind == JsonValueKind.True)
                || (uuid is not null && !tree.IsOnPath(uuid));
            var key = source.KeyPrefix + (uuid ?? "line:" + line.Number.ToString(CultureInfo.InvariantCulture));
            var context = new RecordContext(key, timestamp, offPath, line, source.Relative);

            switch (type)
            {
                case "user":
                    MapUser(record, context);
                    break;
                case "assistant":
                    MapAssistant(record, context, source.IsMain);
                    break;
                case "system":
                    MapSystem(record, context);
                    break;
                case "summary":
                    MapSummary(record, context, source.IsMain);
                    break;
                case "error":
                    Add(context.Event(TranscriptEventKind.Error, key, ContentBlocks.String(record, "message") ?? ContentBlocks.String(record, "content") ?? ContentBlocks.String(record, "error")));
                    break;
                case { } when source.IsMain && type.EndsWith("title", StringComparison.Ordinal):
                    MapTitle(record, type);
                    break;
            }
        }

        private void Add(TranscriptEvent transcriptEvent) => _lineEvents.Add(transcriptEvent);

        /// <summary>What every event of one record shares.</summary>
        private readonly record struct RecordContext(string Key, DateTimeOffset? Timestamp, bool OffPath, JsonLine Line, string? File)
        {
            public string BlockKey(int index) => Key + ":" + index.ToString(CultureInfo.InvariantCulture);

            public TranscriptEvent Event(
                TranscriptEventKind kind, string key, string? text,
                string? toolUseId = null, string? toolName = null, string? toolInput = null, bool isError = false) =>
                new(kind, key, Timestamp, text, toolUseId, toolName, toolInput, isError, OffPath, Line.Text, Line.Number, File);
        }
    }
}
