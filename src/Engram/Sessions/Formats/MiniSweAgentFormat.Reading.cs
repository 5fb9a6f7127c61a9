using System.Text.Json;

namespace Engram.Sessions.Formats;

internal sealed partial class MiniSweAgentFormat
{
    /// <summary>
    /// The state of one file's read. Each message is judged when the next one arrives (or the file ends): the last
    /// message of a run is the harness's closing word (the submission, a limit, an error), told apart by the run's
    /// exit status. Holds the run's facts, the harness's wording, and the commands of the last reply awaiting results.
    /// </summary>
    private sealed partial class Reading(string path)
    {
        private readonly List<TranscriptEvent> _pending = [];
        private readonly List<PendingAction> _actions = [];
        private Harness _harness = Harness.Default;
        private HeldMessage? _held;
        private bool _taskSeen;
        private string? _exitStatus;
        private string? _submission;
        private string? _model;
        private string? _instanceId;
        private string? _image;
        private DateTimeOffset? _start;
        private DateTimeOffset? _end;

        public List<SkippedRecord> Skipped { get; } = [];

        public long Events { get; private set; }

        /// <summary>A top-level property: the run's <c>info</c>, <c>instance_id</c>.</summary>
        public void Property(string name, JsonElement value)
        {
            switch (name)
            {
                case "info" when value.ValueKind == JsonValueKind.Object:
                    _exitStatus = ContentBlocks.String(value, "exit_status") ?? _exitStatus;
                    _submission = ContentBlocks.String(value, "submission") ?? _submission;
                    if (value.TryGetField("config", out var config) && config.ValueKind == JsonValueKind.Object)
                    {
                        _harness = Harness.Of(config);
                        _model = Nested(config, "model", "model_name") ?? _model;
                        _image = Nested(config, "environment", "image") ?? _image;
                    }

                    break;
                case "instance_id" when value.ValueKind == JsonValueKind.String:
                    _instanceId = value.GetString();
                    break;
            }
        }

        /// <summary>Takes a message; the one before it is judged now that it is known not to be the last.</summary>
        public void Message(JsonRecord record)
        {
            if (_held is { } previous)
            {
                Judge(previous, last: false);
            }

            _held = new HeldMessage(record.Value.Clone(), record.Raw, record.Index, record.Line);
        }

        /// <summary>The file ended: the message held is the run's last.</summary>
        public void End()
        {
            if (_held is { } last)
            {
                Judge(last, last: true);
                _held = null;
            }
        }

        /// <summary>Hands the events judged so far to the importer.</summary>
        public async Task FlushAsync(Func<TranscriptEvent, ValueTask> onEvent)
        {
            foreach (var normalized in _pending)
            {
                Events++;
                await onEvent(normalized).ConfigureAwait(false);
            }

            _pending.Clear();
        }

        public TranscriptReadResult Result() => new(
            new TranscriptMetadata(
                Title: _instanceId, StartedAt: _start, EndedAt: _end, Model: _model, Outcome: _exitStatus,
                Project: SweBench.ProjectOfInstance(_instanceId) ?? SweBench.ProjectOfImage(_image)),
            Skipped,
            Events);

        private void Add(TranscriptEvent normalized) => _pending.Add(normalized);

        /// <summary>A message read but not judged yet, copied out of the parser's buffer.</summary>
        private sealed record HeldMessage(JsonElement Value, string Raw, long Index, long Line);

        /// <summary>A command of the last reply, waiting for the harness's answer.</summary>
        private sealed record PendingAction(string Id, string? Name);

        /// <summary>What every event of one message shares.</summary>
        private readonly record struct MessageContext(string Key, DateTimeOffset? Timestamp, string Raw, long Line)
        {
            public TranscriptEvent Event(TranscriptEventKind kind, string? suffix, string? text) =>
                new(kind, suffix is null ? Key : $"{Key}:{suffix}", Timestamp, text, Raw: Raw, Line: Line);
        }
    }
}
