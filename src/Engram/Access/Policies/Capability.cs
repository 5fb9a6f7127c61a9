namespace Engram.Access.Policies;

/// <summary>What a policy rule allows or denies. <see cref="Admin"/> implies every other capability.</summary>
[Flags]
public enum Capability
{
    /// <summary>Nothing.</summary>
    None = 0,
    /// <summary>Read a memory's content and history.</summary>
    Read = 1,
    /// <summary>See a path in listings and searches.</summary>
    List = 2,
    /// <summary>Create a memory at a path (or rename one onto it).</summary>
    Create = 4,
    /// <summary>Change a memory's content, or rename it away.</summary>
    Update = 8,
    /// <summary>Delete a memory.</summary>
    Delete = 16,
    /// <summary>Redact a version.</summary>
    Redact = 32,
    /// <summary>File a proposal instead of writing.</summary>
    Propose = 64,
    /// <summary>Accept or reject proposals.</summary>
    Review = 128,
    /// <summary>Everything, including the store itself and its policies.</summary>
    Admin = 256,
    /// <summary>Every capability.</summary>
    All = Read | List | Create | Update | Delete | Redact | Propose | Review | Admin,
}

/// <summary>Names of capabilities as they are written in rules, the API and the CLI.</summary>
internal static class Capabilities
{
    private static readonly (string Name, Capability Value)[] Names =
    [
        ("read", Capability.Read), ("list", Capability.List), ("create", Capability.Create), ("update", Capability.Update),
        ("delete", Capability.Delete), ("redact", Capability.Redact), ("propose", Capability.Propose), ("review", Capability.Review),
        ("admin", Capability.Admin),
    ];

    /// <summary>The writes a proposal can stand in for.</summary>
    public const Capability Writes = Capability.Create | Capability.Update | Capability.Delete;

    /// <summary>Parses names such as <c>read,list</c> or <c>all</c>; null for an unknown name.</summary>
    public static Capability? Parse(IEnumerable<string> names)
    {
        var result = Capability.None;
        foreach (var raw in names)
        {
            var name = raw.Trim().ToLowerInvariant();
            if (name == "all")
            {
                result |= Capability.All;
                continue;
            }

            var match = Array.Find(Names, n => n.Name == name);
            if (match.Name is null)
            {
                return null;
            }

            result |= match.Value;
        }

        return result;
    }

    /// <summary>The names of the capabilities in <paramref name="value"/>, in a fixed order.</summary>
    public static IReadOnlyList<string> Format(Capability value) =>
        Names.Where(n => (value & n.Value) == n.Value).Select(n => n.Name).ToList();
}
