using Engram.Access;

namespace Engram.Web.Sessions;

/// <summary>
/// One person's sign-in: what re-authenticates each of its requests (the key or session token they signed in with,
/// held only in this process's memory), who it was, and its times.
/// </summary>
internal sealed class UiSession(string id, string secret, Actor actor, string? apiKeyId, DateTimeOffset startedAt, DateTimeOffset expiresAt, string? name = null)
{
    private long _lastSeenTicks = startedAt.UtcTicks;

    /// <summary>A short id to name it on the admin page; never the cookie's token.</summary>
    public string Id { get; } = id;

    /// <summary>The API key or session token it signed in with, checked again on every request.</summary>
    internal string Secret { get; } = secret;

    public Actor Actor { get; } = actor;

    /// <summary>Who it is as people read it (a principal's name, a key's name, an agent), or the actor's id when unknown.</summary>
    public string Name { get; } = name ?? actor.Id;

    public string? ApiKeyId { get; } = apiKeyId;

    public DateTimeOffset StartedAt { get; } = startedAt;

    /// <summary>The absolute end, however busy it is.</summary>
    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    public DateTimeOffset LastSeenAt => new(Interlocked.Read(ref _lastSeenTicks), TimeSpan.Zero);

    public void Seen(DateTimeOffset now) => Interlocked.Exchange(ref _lastSeenTicks, now.UtcTicks);
}
