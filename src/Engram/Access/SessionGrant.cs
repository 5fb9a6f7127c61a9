namespace Engram.Access;

/// <summary>What an agent session may reach: its agent, and the stores attached to it with their access.</summary>
public sealed record SessionGrant(string SessionId, string Agent, IReadOnlyDictionary<string, AttachmentAccess> Stores);

/// <summary>How a store is attached to a session.</summary>
public enum AttachmentAccess
{
    /// <summary>The agent may read and list only.</summary>
    ReadOnly = 1,
    /// <summary>The agent may do what policies allow.</summary>
    ReadWrite = 2,
}
