using Engram.Access;
using Engram.Client;

namespace Engram.Conformance;

/// <summary>
/// What a backend or client under test provides to the conformance suite: an empty Engram reached
/// through the application interface, as an administrator, plus more writers of each actor kind.
/// </summary>
public abstract class ConformanceTarget : IAsyncDisposable
{
    /// <summary>A client acting as an administrator (a person).</summary>
    public abstract IEngramClient Admin { get; }

    /// <summary>The actor that writes by <see cref="Admin"/> record.</summary>
    public abstract Actor AdminActor { get; }

    /// <summary>
    /// Another writer acting as a new principal of the given kind, able to write below its
    /// <see cref="Writer.Home"/> in <paramref name="storeId"/> (a session gets the store attached), or null
    /// when this target cannot make one yet.
    /// </summary>
    public abstract Task<Writer?> NewWriterAsync(ActorType kind, string storeId);

    /// <summary>
    /// A client that authenticates with <paramref name="secret"/> (an API key secret or a session token), as a face
    /// does: a secret the target refuses (unknown, revoked, ended) makes this call or the client's first call fail
    /// with an <c>authentication_error</c>. The target disposes the client.
    /// </summary>
    public abstract Task<IEngramClient> ConnectAsync(string secret);

    /// <summary>The engine behind <see cref="Admin"/> when the target runs one in this process (for what no client reaches, such as dream claims), or null.</summary>
    public virtual EngramEngine? Engine => null;

    public abstract ValueTask DisposeAsync();
}

/// <summary>A client, the actor its versions must record, the API key they must name (if any), and where it may write.</summary>
public sealed record Writer(IEngramClient Client, Actor Actor, string? ApiKeyId, string Home = "/");
