using System.Security.Cryptography;
using System.Buffers.Text;

namespace Engram.Access;

/// <summary>
/// An API key (<c>apikey_</c>). Only its SHA-256 is stored; the secret is shown once, when it is created.
/// <see cref="Hint"/> is the secret's first characters, so people can tell keys apart.
/// </summary>
public sealed record ApiKey(string Id, string PrincipalId, string Name, string Hint, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt)
{
    /// <summary>Every secret starts with this, so leaked keys are easy to scan for.</summary>
    public const string SecretPrefix = "engram_sk_";

    /// <summary>Random bytes in a secret: enough that a plain SHA-256 is a safe way to store it.</summary>
    private const int SecretBytes = 32;

    /// <summary>Characters of the secret kept as a hint.</summary>
    private const int HintLength = 16;

    /// <summary>True once revoked.</summary>
    public bool IsRevoked => RevokedAt is not null;

    /// <summary>A new random secret.</summary>
    public static string NewSecret() => SecretPrefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes));

    /// <summary>What is stored and looked up: lowercase hex SHA-256 of the secret.</summary>
    public static string HashSecret(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret)));

    /// <summary>The hint kept for a secret.</summary>
    public static string HintOf(string secret) => secret[..Math.Min(HintLength, secret.Length)] + "...";
}

/// <summary>A key together with its secret: returned once, at creation.</summary>
public sealed record CreatedApiKey(ApiKey Key, string Secret);
