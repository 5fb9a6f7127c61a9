using System.Text.Json;

namespace Engram.Sessions.Formats;

public sealed partial class ClaudeCodeFormat
{
    /// <summary>How Claude Code names a sub-agent's transcript: <c>agent-&lt;agentId&gt;.jsonl</c>.</summary>
    private const string AgentFilePrefix = "agent-";

    /// <summary>Lines read to find a sub-agent file's first record with a session: a summary or a damaged line may come first.</summary>
    private const int SidechainProbeLines = 8;

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

        var lines = 0;
        await foreach (var line in JsonLines.ReadAsync(path, 0, cancellationToken).ConfigureAwait(false))
        {
            if (++lines > SidechainProbeLines)
            {
                break;
            }

            var document = TranscriptJson.TryParse(line.Text);
            if (document is null)
            {
                continue; // a damaged line says nothing; the next record may
            }

            using (document)
            {
                var root = document.RootElement;
                if (root.ValueKind == JsonValueKind.Object && ContentBlocks.String(root, "sessionId") is { } session)
                {
                    return root.TryGetProperty("isSidechain", out var sidechain) && sidechain.ValueKind == JsonValueKind.True ? session : null;
                }
            }
        }

        return null;
    }

    /// <summary>True for a file named like a sub-agent's transcript.</summary>
    internal static bool IsAgentFileName(string name) =>
        name.StartsWith(AgentFilePrefix, StringComparison.Ordinal) && name.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase);

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
