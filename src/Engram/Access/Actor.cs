using Engram.Identity;

namespace Engram.Access;

/// <summary>Who performed a write: recorded on every version when it is written and never updated.</summary>
public sealed record Actor(ActorType Type, string Id)
{
    /// <summary>An actor for an API key used directly (<c>api_actor</c>).</summary>
    public static Actor ApiKey(string apiKeyId) => new(ActorType.ApiKey, apiKeyId);

    /// <summary>A person (<c>user_actor</c>).</summary>
    public static Actor User(string userId) => new(ActorType.User, userId);

    /// <summary>A workload (<c>service_account_actor</c>).</summary>
    public static Actor ServiceAccount(string serviceAccountId) => new(ActorType.ServiceAccount, serviceAccountId);

    /// <summary>An agent acting during a session (<c>session_actor</c>).</summary>
    public static Actor Session(string sessionId) => new(ActorType.Session, sessionId);

    /// <summary>The wire name of the actor's type, such as <c>session_actor</c>.</summary>
    public string WireType => Type switch
    {
        ActorType.ApiKey => "api_actor",
        ActorType.User => "user_actor",
        ActorType.ServiceAccount => "service_account_actor",
        _ => "session_actor",
    };

    /// <summary>The wire name of the field that carries <see cref="Id"/>, such as <c>session_id</c>.</summary>
    public string WireIdField => Type switch
    {
        ActorType.ApiKey => "api_key_id",
        ActorType.User => "user_id",
        ActorType.ServiceAccount => "service_account_id",
        _ => "session_id",
    };

    /// <summary>The identifier prefix an actor of this type carries.</summary>
    public string IdPrefixForType => Type switch
    {
        ActorType.ApiKey => Identity.IdPrefix.ApiKey,
        ActorType.User => Identity.IdPrefix.User,
        ActorType.ServiceAccount => Identity.IdPrefix.ServiceAccount,
        _ => Identity.IdPrefix.Session,
    };

    /// <summary>Parses the wire form (<c>user_actor</c> plus its id), or returns null for an unknown type.</summary>
    public static Actor? FromWire(string type, string id) => type switch
    {
        "api_actor" => ApiKey(id),
        "user_actor" => User(id),
        "service_account_actor" => ServiceAccount(id),
        "session_actor" => Session(id),
        _ => null,
    };

    /// <inheritdoc />
    public override string ToString() => $"{WireType}:{Id}";
}

/// <summary>The kinds of actor of the compatible API.</summary>
public enum ActorType
{
    /// <summary><c>api_actor</c>.</summary>
    ApiKey = 1,
    /// <summary><c>user_actor</c>.</summary>
    User = 2,
    /// <summary><c>service_account_actor</c>.</summary>
    ServiceAccount = 3,
    /// <summary><c>session_actor</c>.</summary>
    Session = 4,
}
