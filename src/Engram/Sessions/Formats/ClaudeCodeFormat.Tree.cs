using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Engram.Sessions.Formats;

internal sealed partial class ClaudeCodeFormat
{
    /// <summary>
    /// The record tree of a main file, read in a first pass that keeps only ids (never contents): which records
    /// lie on the path from the root to the last conversation record, the branch the session ended on.
    /// </summary>
    private sealed class SessionTree
    {
        private readonly Dictionary<string, string?> _parents = new(StringComparer.Ordinal);
        private readonly HashSet<string> _path = new(StringComparer.Ordinal);

        /// <summary>A record with this uuid is in the file.</summary>
        public bool Contains(string uuid) => _parents.ContainsKey(uuid);

        /// <summary>The record is on the path the session ended on; false for uuids not in the file.</summary>
        public bool IsOnPath(string uuid) => _path.Contains(uuid);

        /// <remarks>
        /// Claude Code writes a parent before its children, so each record is judged when it is read. A record
        /// that names no parent and is not a sidechain continues the conversation before it: that joins files
        /// that never name parents (hand-written, very old) and compactions written without a logical parent.
        /// A record whose parent is not in the file (pasted from elsewhere, or a cut file) cannot be the leaf.
        /// </remarks>
        public static async Task<SessionTree> ReadAsync(string path, CancellationToken cancellationToken)
        {
            var tree = new SessionTree();
            string? leaf = null;
            await foreach (var line in JsonLines.ReadAsync(path, 0, cancellationToken).ConfigureAwait(false))
            {
                // Unusable lines are reported by the second pass; a duplicated record keeps its first parent.
                if (ReadLinks(line.Text) is not { Uuid: { } uuid } links || tree._parents.ContainsKey(uuid))
                {
                    continue;
                }

                var parentInFile = links.Parent is null || tree._parents.ContainsKey(links.Parent);
                tree._parents.Add(uuid, links.Parent ?? (links.IsSidechain ? null : leaf));
                if (links.IsConversation && !links.IsSidechain && parentInFile)
                {
                    leaf = uuid;
                }
            }

            // The set refuses a uuid it holds, so a cycle of parents (a corrupt file) ends the walk.
            for (var node = leaf; node is not null && tree._path.Add(node); node = tree._parents.GetValueOrDefault(node))
            {
            }

            return tree;
        }

        /// <summary>
        /// The record's uuid, its parent (<c>parentUuid</c>, else <c>logicalParentUuid</c>, which a compaction
        /// boundary sets to join the compacted history to what follows), and whether it is a conversation record;
        /// null when the line is not a JSON object. Reads tokens only, skipping every other value unparsed.
        /// </summary>
        private static RecordLinks? ReadLinks(string text)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
            try
            {
                var length = Encoding.UTF8.GetBytes(text, buffer);
                var reader = TranscriptJson.Reader(buffer.AsSpan(0, length), isFinalBlock: true);
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    return null;
                }

                string? uuid = null, parent = null, logicalParent = null;
                bool conversation = false, sidechain = false;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("uuid"u8))
                    {
                        uuid = ReadString(ref reader);
                    }
                    else if (reader.ValueTextEquals("parentUuid"u8))
                    {
                        parent = ReadString(ref reader);
                    }
                    else if (reader.ValueTextEquals("logicalParentUuid"u8))
                    {
                        logicalParent = ReadString(ref reader);
                    }
                    else if (reader.ValueTextEquals("type"u8))
                    {
                        reader.Read();
                        conversation = reader.TokenType == JsonTokenType.String
                            && (reader.ValueTextEquals("user"u8) || reader.ValueTextEquals("assistant"u8) || reader.ValueTextEquals("system"u8));
                        reader.Skip();
                    }
                    else if (reader.ValueTextEquals("isSidechain"u8))
                    {
                        reader.Read();
                        sidechain = reader.TokenType == JsonTokenType.True;
                    }
                    else
                    {
                        reader.Read();
                        reader.Skip();
                    }
                }

                // Trailing text after the object makes the line unusable for the second pass too.
                reader.Read();
                return new RecordLinks(uuid, parent ?? logicalParent, conversation, sidechain);
            }
            catch (JsonException)
            {
                return null;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        private static string? ReadString(ref Utf8JsonReader reader)
        {
            reader.Read();
            if (reader.TokenType == JsonTokenType.String)
            {
                return reader.GetString();
            }

            reader.Skip();
            return null;
        }

        private readonly record struct RecordLinks(string? Uuid, string? Parent, bool IsConversation, bool IsSidechain);
    }
}
