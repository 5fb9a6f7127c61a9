using System.Text.Json;

namespace Engram.Sessions.Formats;

internal static partial class JsonDocuments
{
    /// <summary>
    /// Walks one JSON document fed in growing chunks and emits its records as each one completes. It never
    /// holds more than the unparsed tail: a record that is not complete yet is left for the next chunk.
    /// </summary>
    private sealed class DocumentParser(IReadOnlyList<string> arrayProperties)
    {
        private enum Phase { Start, Object, Array, Done }

        private JsonReaderState _state = new(TranscriptJson.ReaderOptions);
        private Phase _phase = Phase.Start;
        private bool _topLevelArray;
        private string? _arrayName;
        private long _index;
        private string? _problem;

        public bool Done => _phase == Phase.Done;

        /// <summary>Parses what it can of <paramref name="data"/> and returns how many bytes it consumed.</summary>
        public int Step(ReadOnlySpan<byte> data, List<JsonRecord> output)
        {
            var reader = new Utf8JsonReader(data, isFinalBlock: false, _state);
            var consumed = 0;
            try
            {
                while (_phase != Phase.Done && Next(ref reader, output))
                {
                    consumed = (int)reader.BytesConsumed;
                    _state = reader.CurrentState;
                }
            }
            catch (JsonException exception)
            {
                // Malformed past this point: keep what came before, report the rest once.
                output.Add(Skip(_index + 1, _problem ?? TranscriptJson.Problem(exception, reader)));
                _phase = Phase.Done;
            }

            return consumed;
        }

        /// <summary>The file ended: a record for the cut, unless the document was complete.</summary>
        public JsonRecord Truncated()
        {
            var reason = _phase switch
            {
                Phase.Start => "not JSON (empty document)",
                Phase.Array => $"truncated document (ends inside element {_index + 1})",
                _ => "truncated document",
            };
            _phase = Phase.Done;
            return Skip(_index + 1, reason);
        }

        /// <summary>The record being read is over the limit: it and the rest of the document are not read, since nothing after it can be found without reading it.</summary>
        public JsonRecord TooLong()
        {
            _phase = Phase.Done;
            return Skip(_index + 1, $"a record longer than the {TranscriptJson.MaxRecordBytes / 1024 / 1024} MiB one may have (element {_index + 1} or a property before it): it and the rest of the document are not read");
        }

        /// <summary>Consumes one token group (a property with its value, or one element); false when it needs more data.</summary>
        private bool Next(ref Utf8JsonReader reader, List<JsonRecord> output)
        {
            if (!reader.Read())
            {
                return false;
            }

            switch (_phase)
            {
                case Phase.Start when reader.TokenType == JsonTokenType.StartArray:
                    (_phase, _topLevelArray) = (Phase.Array, true);
                    return true;
                case Phase.Start when reader.TokenType == JsonTokenType.StartObject:
                    _phase = Phase.Object;
                    return true;
                case Phase.Start:
                    output.Add(Skip(1, "not a JSON array or object"));
                    _phase = Phase.Done;
                    return true;
                case Phase.Object when reader.TokenType == JsonTokenType.EndObject:
                    _phase = Phase.Done;
                    return true;
                case Phase.Object:
                    var name = reader.GetString() ?? "";
                    if (!reader.Read())
                    {
                        return false;
                    }

                    if (reader.TokenType == JsonTokenType.StartArray && arrayProperties.Contains(name))
                    {
                        (_phase, _arrayName) = (Phase.Array, name);
                        return true;
                    }

                    if (!Complete(reader))
                    {
                        return false;
                    }

                    var property = JsonElement.ParseValue(ref reader);
                    output.Add(new JsonRecord(JsonRecordKind.Property, _index, _index, property, property.GetRawText(), name));
                    return true;
                case Phase.Array when reader.TokenType == JsonTokenType.EndArray:
                    (_phase, _arrayName) = (_topLevelArray ? Phase.Done : Phase.Object, null);
                    return true;
                default:
                    if (!Complete(reader))
                    {
                        return false;
                    }

                    var element = JsonElement.ParseValue(ref reader);
                    _index++;
                    output.Add(element.ValueKind == JsonValueKind.Object
                        ? new JsonRecord(JsonRecordKind.Element, _index, _index, element, element.GetRawText(), _arrayName)
                        : Skip(_index, "not a JSON object"));
                    return true;
            }
        }

        /// <summary>The value the reader is at is all in the data; one that is malformed throws, and says why in <see cref="_problem"/>.</summary>
        private bool Complete(Utf8JsonReader probe)
        {
            try
            {
                return probe.TrySkip();
            }
            catch (JsonException exception)
            {
                _problem = TranscriptJson.Problem(exception, probe); // the probe, not the reader, went as deep as the value does
                throw;
            }
        }
    }
}
