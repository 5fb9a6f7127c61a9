using System.Security.Cryptography;

namespace Engram.Sessions;

/// <summary>
/// What identifies a transcript's content wherever it lies, so the same transcript copied to another path is found
/// as already imported rather than recorded twice. A log that grows by appending (JSON Lines: Claude Code, Codex,
/// hosted events) is identified by the SHA-256 of its first 4 KiB, which hold its session id and first records and
/// stay the same as it grows, so a copy taken later, longer, is still the same session. A JSON document (a
/// trajectory, a chat export) is rewritten whole and may open with the same bytes as another run of the same task, so
/// it is identified by the SHA-256 of all of it.
/// </summary>
/// <remarks>
/// Edge cases, both leading to a second session rather than a wrong match: a log still shorter than 4 KiB is
/// identified by all of it, so a copy taken after it grew past 4 KiB (or before, if the original grew) does not match;
/// and a document saved again after more steps (a run copied mid-way) is a different content.
/// </remarks>
internal static class TranscriptContent
{
    /// <summary>The length of an identity: a SHA-256 in lowercase hex.</summary>
    public const int IdLength = 64;

    /// <summary>How much of a log identifies it: its first records, unique to it (session ids, times) and unchanged as it grows.</summary>
    public const int LogHeadBytes = 4 * 1024;

    /// <summary>Read buffer for hashing a whole document.</summary>
    private const int BufferBytes = 1 << 16;

    /// <summary>
    /// The identity of the first <paramref name="length"/> bytes of <paramref name="path"/> (its length when it was
    /// sampled, so bytes appended meanwhile do not count): a log's first 4 KiB, or all of a document.
    /// </summary>
    public static async Task<string> IdentifyAsync(string path, long length, bool appendOnly, CancellationToken cancellationToken)
    {
        var count = appendOnly ? Math.Min(length, LogHeadBytes) : length;
        await using var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.ReadWrite | FileShare.Delete, Options = FileOptions.SequentialScan,
        });
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[(int)Math.Min(BufferBytes, Math.Max(count, 1))];
        var left = count;
        while (left > 0)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break; // the file shrank since it was sampled: what is there is what was read
            }

            hash.AppendData(buffer, 0, read);
            left -= read;
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
