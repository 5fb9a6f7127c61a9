using Engram.Errors;

namespace Engram.Client;

/// <summary>
/// A content-hash precondition as a person types it: the full SHA-256, or its first characters as listings print
/// them (<c>ls -l</c> and <c>log</c> show 12). A prefix stands for the current content's hash when it starts that
/// hash, and then the full hash is what the write sends, so the store still checks it atomically; a prefix that
/// does not start it is a stale precondition like any other.
/// </summary>
internal static class ExpectedSha256
{
    /// <summary>The shortest prefix taken: what the listings print, 48 bits, so another content's hash starting the same way is a one-in-2^48 accident.</summary>
    public const int MinPrefixLength = 12;

    private const int FullLength = 64;

    /// <summary>
    /// Checks the form of <paramref name="given"/> (12 to 64 hexadecimal characters, either case) and returns it in
    /// lowercase; null stays null. <paramref name="field"/> names the option in the error.
    /// </summary>
    public static string? Validate(string? given, string field)
    {
        if (given is null)
        {
            return null;
        }

        if (given.Length is < MinPrefixLength or > FullLength || !given.All(char.IsAsciiHexDigit))
        {
            throw new InvalidRequestException(
                field, $"must be the content's SHA-256 (64 hexadecimal characters) or its first {MinPrefixLength} or more, as `ls -l` and `log` print it (got \"{given}\")");
        }

        return given.ToLowerInvariant();
    }

    /// <summary>True when <paramref name="given"/> (valid, see <see cref="Validate"/>) is shorter than a full hash and so needs the current hash to stand for.</summary>
    public static bool IsPrefix(string given) => given.Length < FullLength;

    /// <summary>
    /// The full hash to send for <paramref name="given"/>: itself when it is full (the store compares it), else
    /// <paramref name="currentSha256"/> when that starts with it. A prefix of anything else, or of a memory that does
    /// not exist (<paramref name="currentSha256"/> null), fails as the stale precondition it is, naming
    /// <paramref name="what"/> (such as <c>memory mem_... at /notes/a.md</c>).
    /// </summary>
    public static string Resolve(string given, string? currentSha256, string what)
    {
        if (!IsPrefix(given))
        {
            return given;
        }

        if (currentSha256 is null)
        {
            throw new PreconditionFailedException($"{what} does not exist, so it has no content_sha256 starting {given}");
        }

        return currentSha256.StartsWith(given, StringComparison.Ordinal)
            ? currentSha256
            : throw new PreconditionFailedException(
                $"{what} no longer has a content_sha256 starting {given}; it changed since you read it. Retrieve it again, reapply your change, and retry");
    }
}
