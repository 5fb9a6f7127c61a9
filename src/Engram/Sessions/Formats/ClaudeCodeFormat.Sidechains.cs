using System.Text;
using System.Text.Json;

namespace Engram.Sessions.Formats;

internal sealed partial class ClaudeCodeFormat
{
    /// <summary>How Claude Code names a sub-agent's transcript: <c>agent-&lt;agentId&gt;.jsonl</c>.</summary>
    private const string AgentFilePrefix = "agent-";

    private readonly Lock _besideLock = new();

    /// <summary>The sub-agent transcripts of the directory read last, by parent session: sessions of one directory are read one after another.</summary>
    private SidechainDirectory? _beside;

    /// <summary>
    /// The session a Claude Code sub-agent transcript belongs to: for <c>agent-*.jsonl</c> whose first record is a
    /// sidechain (<c>isSidechain: true</c>) of a session (<c>sessionId</c>), that session's id; else null. A
    /// sub-agent's transcript is part of its session's conversation, never a session of its own.
    /// </summary>
    internal static async Task<string?> ParentSessionAsync(string path, CancellationToken cancellationToken)
    {
        if (!IsAgentFileName(Path.GetFileName(path)))
        {
            return null;
        }

        // The detection sample: a bounded start of the file, whatever its lines' length. Its first lines (a summary or
        // a damaged line may come before a record with a session) are read as far as they go: Claude Code writes a
        // record's session and sidechain flag before its message, so a record longer than the sample still says them.
        TranscriptSample sample;
        try
        {
            if (new FileInfo(path).Length == 0)
            {
                return null; // empty, or a pipe or a device: never opened, since opening a pipe waits for a writer
            }

            sample = await TranscriptFormats.SampleAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // a file that cannot be read names no session; the importer reports it
        }

        foreach (var line in sample.Lines)
        {
            if (SessionOf(line) is { } record)
            {
                return record.IsSidechain ? record.Session : null;
            }
        }

        return null;
    }

    /// <summary>True for a file named like a sub-agent's transcript.</summary>
    internal static bool IsAgentFileName(string name) =>
        name.StartsWith(AgentFilePrefix, StringComparison.Ordinal) && name.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The session a record (a line, or the start of one) names and whether it is a sidechain, once the record has said
    /// both, or has ended having said its session; null when it is no JSON object or is cut off or damaged before that.
    /// </summary>
    private static (string Session, bool IsSidechain)? SessionOf(string line)
    {
        var reader = TranscriptJson.Reader(Encoding.UTF8.GetBytes(line), isFinalBlock: false);
        string? session = null;
        bool? sidechain = null;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    return session is null ? null : (session, sidechain == true);
                }

                var name = reader.ValueTextEquals("sessionId"u8) ? 1 : reader.ValueTextEquals("isSidechain"u8) ? 2 : 0;
                if (!reader.Read())
                {
                    return null;
                }

                if (name == 1 && reader.TokenType == JsonTokenType.String)
                {
                    session = reader.GetString();
                }
                else if (name == 2)
                {
                    sidechain = reader.TokenType == JsonTokenType.True;
                }

                if (!reader.TrySkip())
                {
                    return null;
                }

                if (session is not null && sidechain is not null)
                {
                    return (session, sidechain.Value);
                }
            }

            return null;
        }
        catch (JsonException)
        {
            return null; // a damaged line says nothing; the next record may
        }
    }

    /// <summary>
    /// The sub-agent transcripts kept beside a session's file (the layout before <c>&lt;session&gt;/subagents/</c>) that
    /// belong to one of <paramref name="sessionIds"/>, in name order.
    /// </summary>
    private async Task<IReadOnlyList<string>> BesideAsync(string sessionPath, IReadOnlyCollection<string> sessionIds, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(sessionPath)) ?? ".";
        var stamp = Directory.GetLastWriteTimeUtc(directory);
        SidechainDirectory? known;
        lock (_besideLock)
        {
            known = _beside is { } cached && cached.Directory == directory && cached.Stamp == stamp ? cached : null;
        }

        if (known is null)
        {
            var byParent = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var file in Directory.EnumerateFiles(directory, AgentFilePrefix + "*.jsonl").Order(StringComparer.Ordinal))
            {
                if (await ParentSessionAsync(file, cancellationToken).ConfigureAwait(false) is { } parent)
                {
                    (byParent.TryGetValue(parent, out var files) ? files : byParent[parent] = []).Add(file);
                }
            }

            known = new SidechainDirectory(directory, stamp, byParent);
            lock (_besideLock)
            {
                _beside = known;
            }
        }

        return [.. sessionIds.Distinct(StringComparer.Ordinal).SelectMany(id => known.ByParent.GetValueOrDefault(id) ?? []).Order(StringComparer.Ordinal)];
    }

    /// <summary>A directory's sub-agent transcripts by parent session, as of the directory's last write time.</summary>
    private sealed record SidechainDirectory(string Directory, DateTime Stamp, Dictionary<string, List<string>> ByParent);
}
