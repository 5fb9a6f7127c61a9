using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Engram.Access;

namespace Engram.Web.Sessions;

/// <summary>
/// Sign-ins, in memory: a cookie carries a random 256-bit token, and the map (keyed by the token's hash) holds
/// the session. A session ends when signed out, ended by an admin, idle too long, or past its absolute expiry;
/// a restart ends them all. It never decides what a person may do: each request re-authenticates its secret.
/// </summary>
internal sealed class UiSessionStore(TimeProvider time, UiOptions options)
{
    /// <summary>256 bits: unguessable, whatever the rate.</summary>
    private const int TokenBytes = 32;

    private readonly ConcurrentDictionary<string, UiSession> _byTokenHash = new(StringComparer.Ordinal);

    /// <summary>Starts a session for <paramref name="caller"/>, who signed in with <paramref name="secret"/> and reads as <paramref name="name"/>; the cookie's token.</summary>
    public string Start(Caller caller, string secret, string? name = null)
    {
        Prune();
        var token = Base64Url(RandomNumberGenerator.GetBytes(TokenBytes));
        var now = time.GetUtcNow();
        var session = new UiSession(Base64Url(RandomNumberGenerator.GetBytes(9)), secret, caller.Actor, caller.ApiKeyId, now, now + options.AbsoluteExpiry, name);
        _byTokenHash[Hash(token)] = session;
        return token;
    }

    /// <summary>The live session a cookie's token names, marked as seen now; null (and forgotten) when it expired or never was.</summary>
    public UiSession? Resume(string? token)
    {
        if (string.IsNullOrEmpty(token) || !_byTokenHash.TryGetValue(Hash(token), out var session))
        {
            return null;
        }

        var now = time.GetUtcNow();
        if (Expired(session, now))
        {
            _byTokenHash.TryRemove(Hash(token), out _);
            return null;
        }

        session.Seen(now);
        return session;
    }

    /// <summary>Ends the session a token names (signing out); false when there was none.</summary>
    public bool End(string? token) => !string.IsNullOrEmpty(token) && _byTokenHash.TryRemove(Hash(token), out _);

    /// <summary>Ends a session by its id (an admin ending someone's sign-in); false when there was none.</summary>
    public bool EndById(string id)
    {
        foreach (var (hash, session) in _byTokenHash)
        {
            if (session.Id == id)
            {
                return _byTokenHash.TryRemove(hash, out _);
            }
        }

        return false;
    }

    /// <summary>The live sessions, most recently seen first.</summary>
    public IReadOnlyList<UiSession> List()
    {
        Prune();
        return [.. _byTokenHash.Values.OrderByDescending(s => s.LastSeenAt)];
    }

    private bool Expired(UiSession session, DateTimeOffset now) => now >= session.ExpiresAt || now - session.LastSeenAt >= options.IdleExpiry;

    /// <summary>Forgets expired sessions and, at the limit, the longest idle ones.</summary>
    private void Prune()
    {
        var now = time.GetUtcNow();
        foreach (var (hash, session) in _byTokenHash)
        {
            if (Expired(session, now))
            {
                _byTokenHash.TryRemove(hash, out _);
            }
        }

        var over = _byTokenHash.Count - options.MaxSessions + 1;
        foreach (var (hash, _) in over > 0 ? _byTokenHash.OrderBy(p => p.Value.LastSeenAt).Take(over).ToList() : [])
        {
            _byTokenHash.TryRemove(hash, out _);
        }
    }

    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
