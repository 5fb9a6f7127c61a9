namespace Engram.Identity;

/// <summary>Makes identifiers. Injected so tests are deterministic.</summary>
public interface IIdGenerator
{
    /// <summary>A new identifier such as <c>mem_01JD8Y...</c>; identifiers made later sort after earlier ones.</summary>
    string NewId(string prefix);
}
